package io.crisislab.models.detect;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Scale-free count surprise ("dispersion-tail"): the score is {@code -log10 P(X >= x)}, where
 * {@code x} is the sum of the last {@code span} buckets and X is negative binomial with the mean
 * and variance of that sum estimated online from the series itself (exponentially weighted, half
 * life {@code halfLife} buckets). The over-dispersion ({@code size = mean² / (variance - mean)},
 * Poisson when the variance does not exceed the mean) is therefore the series' own, so a tail
 * probability of {@code 10^-t} is about as rare on a series of 0.4 posts a bucket as on one of 50:
 * one threshold means one false-alarm rate, whatever the volume. Summing {@code span} buckets
 * lets a quiet series accumulate enough posts for a surge to stand out.
 *
 * <p>The baseline learns from a winsorised sum ({@code x} clipped at {@code mean + guard·sd}), so
 * an incident does not teach the baseline that incidents are normal; a lasting level shift is
 * still followed, at most {@code guard} standard deviations a half life. Warm-up: NaN until
 * {@code halfLife} buckets have been seen.
 *
 * <p>With {@code memory > 0} the score is made {@link Relative} (divided by the {@code rank}-th
 * largest tail score of the previous {@code memory} buckets), so the threshold no longer depends
 * on how well the count model fits the series. Memory
 * O(span + memory); time per bucket O(memory) element moves plus one incomplete beta function.
 */
public final class DispersionTailDetector implements Detector {
  public static final String NAME = "dispersion-tail";
  /** Scores are capped here (p below 1e-300). */
  public static final double MAX_SCORE = 300;
  /** Smallest mean of the summed count: a silent series is not infinitely surprised by one post. */
  static final double MIN_MEAN = 0.5;
  private final double[] ring;
  private final double alpha;
  private final double guard;
  private final int warmup;
  private final Relative relative;
  private int head;
  private long seen;
  private double sum;
  private double mean = Double.NaN;
  private double var;

  /**
   * @param span buckets summed, ≥ 1
   * @param halfLife half life of the mean/variance estimates, buckets, ≥ 2
   * @param guard winsorisation of the baseline's input, standard deviations, > 0
   * @param memory buckets of past tail scores the score is relative to (0 = absolute score)
   * @param rank which largest past tail score is the reference (1 = the maximum), ≤ memory when memory > 0
   */
  public DispersionTailDetector(int span, int halfLife, double guard, int memory, int rank) {
    if (span < 1 || halfLife < 2 || !(guard > 0)) {
      throw new IllegalArgumentException("dispersion-tail needs span >= 1, halfLife >= 2 and guard > 0, got span="
          + span + " halfLife=" + halfLife + " guard=" + guard);
    }
    if (memory < 0) {
      throw new IllegalArgumentException("dispersion-tail memory must be >= 0, got " + memory);
    }
    this.relative = memory == 0 ? null : new Relative(memory, rank);
    this.ring = new double[span];
    this.alpha = 1 - Math.pow(0.5, 1.0 / halfLife);
    this.guard = guard;
    this.warmup = Math.max(span, halfLife);
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
    sum += value - ring[head];
    ring[head] = value;
    head = (head + 1) % ring.length;
    seen++;
    double x = Math.max(0, Math.rint(sum * 1e9) / 1e9);
    double score = Double.NaN;
    if (seen > warmup) {
      double m = Math.max(mean, MIN_MEAN);
      double p = upperTail(x, m, Math.max(var, m));
      score = p <= 1e-300 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(p));
    }
    if (relative != null) {
      score = relative.apply(score);
    }
    if (seen >= ring.length) {
      if (Double.isNaN(mean)) {
        mean = x;
        var = Math.max(x, MIN_MEAN);
      } else {
        double xw = Math.min(x, mean + guard * Math.sqrt(Math.max(var, mean)) + 1);
        double d = xw - mean;
        mean += alpha * d;
        var = (1 - alpha) * (var + alpha * d * d);
      }
    }
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
