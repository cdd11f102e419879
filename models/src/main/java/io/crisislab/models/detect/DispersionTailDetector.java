package io.crisislab.models.detect;

import java.util.Arrays;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Scale-free count surprise ("dispersion-tail"): the score is {@code -log10 P(X >= x)}, where
 * {@code x} is the sum of the last few buckets and X is negative binomial with the mean and
 * variance of that sum estimated online from the series itself (exponentially weighted, half life
 * {@code halfLife} buckets). The over-dispersion ({@code size = mean² / (variance - mean)}, Poisson
 * when the variance does not exceed the mean) is the series' own, so a tail probability of
 * {@code 10^-t} is about as rare on a series of 0.4 posts a bucket as on one of 50: one threshold
 * means one false-alarm rate, whatever the volume.
 *
 * <p>How many buckets are summed: {@code span} when {@code minCount = 0}; otherwise the shortest
 * of {@code span, 2·span, 4·span, …} (at most {@code maxSpan}) whose expected sum is at least
 * {@code minCount} posts, chosen afresh at every bucket. A quiet series thus sums longer until a
 * surge can stand out of its noise, and a busy one keeps the short span: the resolution follows
 * the series' own volume instead of a length tuned on series of another volume.
 *
 * <p>The baseline learns from a winsorised sum (clipped at {@code mean + guard·sd}), so an
 * incident does not teach it that incidents are normal; a lasting level shift is still followed,
 * at most {@code guard} standard deviations a half life. With {@code memory > 0} the score is made
 * {@link Relative} (divided by the {@code rank}-th largest score of the previous {@code memory}
 * buckets). Warm-up: NaN until {@code halfLife} buckets and the longest sum have been seen. Memory
 * O(maxSpan + memory); time per bucket O(ladder + memory) plus one incomplete beta function.
 */
public final class DispersionTailDetector implements Detector {
  public static final String NAME = "dispersion-tail";
  /** Scores are capped here (p below 1e-300). */
  public static final double MAX_SCORE = 300;
  /** Smallest mean of the summed count: a silent series is not infinitely surprised by one post. */
  static final double MIN_MEAN = 0.5;
  private final double[] ring;
  private final int[] spans;
  private final double[] sums;
  private final double[] means;
  private final double[] vars;
  private final double minCount;
  private final double alpha;
  private final double guard;
  private final int warmup;
  private final Relative relative;
  private int head;
  private long seen;

  /**
   * @param span buckets summed (the shortest sum when {@code minCount > 0}), ≥ 1
   * @param halfLife half life of the mean/variance estimates, buckets, ≥ 2
   * @param guard winsorisation of the baseline's input, standard deviations, > 0
   * @param memory buckets of past scores the score is relative to (0 = absolute score)
   * @param rank which largest past score is the reference (1 = the maximum), ≤ memory when memory > 0
   * @param minCount expected posts a sum should hold (0 = always {@code span} buckets), ≥ 0
   * @param maxSpan the longest sum when {@code minCount > 0}, buckets, ≥ span
   */
  public DispersionTailDetector(int span, int halfLife, double guard, int memory, int rank, double minCount, int maxSpan) {
    if (span < 1 || halfLife < 2 || !(guard > 0) || !(minCount >= 0) || maxSpan < span) {
      throw new IllegalArgumentException("dispersion-tail needs span >= 1, halfLife >= 2, guard > 0 and minCount >= 0, got span="
          + span + " halfLife=" + halfLife + " guard=" + guard + " minCount=" + minCount + " maxSpan=" + maxSpan);
    }
    if (memory < 0) {
      throw new IllegalArgumentException("dispersion-tail memory must be >= 0, got " + memory);
    }
    this.relative = memory == 0 ? null : new Relative(memory, rank);
    this.spans = minCount == 0 ? new int[] {span}
        : java.util.stream.IntStream.iterate(span, l -> l <= maxSpan, l -> 2 * l).toArray();
    this.ring = new double[spans[spans.length - 1]];
    this.sums = new double[spans.length];
    this.means = new double[spans.length];
    this.vars = new double[spans.length];
    Arrays.fill(means, Double.NaN);
    this.minCount = minCount;
    this.alpha = 1 - Math.pow(0.5, 1.0 / halfLife);
    this.guard = guard;
    this.warmup = Math.max(ring.length, halfLife);
  }

  /** {@code P(X >= x)} for X negative binomial with this mean and variance (Poisson when var ≤ mean). */
  static double upperTail(double x, double mean, double var) {
    if (x <= 0) {
      return 1.0;
    }
    if (var <= mean * 1.000001) {
      return Gamma.regularizedGammaP(x, mean);
    }
    double size = mean * mean / (var - mean);
    return Beta.regularizedBeta(1 - mean / var, x, size);
  }

  @Override
  public double update(long bucketStart, double value) {
    int n = ring.length;
    for (int j = 0; j < spans.length; j++) {
      // the value leaving a sum of spans[j] buckets sits spans[j] places back in the ring
      sums[j] += value - ring[(head - spans[j] + n + n) % n];
    }
    seen++;
    double score = Double.NaN;
    if (seen > warmup) {
      int j = pick();
      double m = Math.max(means[j], MIN_MEAN);
      double x = Math.max(0, Math.rint(sums[j] * 1e9) / 1e9);
      double p = upperTail(x, m, Math.max(vars[j], m));
      score = p <= 1e-300 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(p));
    }
    ring[head] = value;
    head = (head + 1) % n;
    for (int j = 0; j < spans.length; j++) {
      if (seen >= spans[j]) {
        learn(j, Math.max(0, sums[j]));
      }
    }
    return relative == null ? score : relative.apply(score);
  }

  /** The shortest sum whose expected count reaches minCount, else the longest. */
  private int pick() {
    for (int j = 0; j < spans.length; j++) {
      if (means[j] >= minCount) {
        return j;
      }
    }
    return spans.length - 1;
  }

  private void learn(int j, double x) {
    if (Double.isNaN(means[j])) {
      means[j] = x;
      vars[j] = Math.max(x, MIN_MEAN);
      return;
    }
    double xw = Math.min(x, means[j] + guard * Math.sqrt(Math.max(vars[j], means[j])) + 1);
    double d = xw - means[j];
    means[j] += alpha * d;
    vars[j] = (1 - alpha) * (vars[j] + alpha * d * d);
  }

  @Override
  public String name() {
    return NAME;
  }
}
