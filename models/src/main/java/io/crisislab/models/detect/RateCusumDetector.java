package io.crisislab.models.detect;

/**
 * Sequential likelihood-ratio test for a rate surge ("rate-cusum"): a one-sided CUSUM of the
 * quasi-Poisson log-likelihood ratio of "the rate is {@code ratio} times the baseline" against
 * "the rate is the baseline", in nats. Per bucket with count {@code x}, baseline mean {@code m}
 * and over-dispersion {@code phi} (both estimated online from the series itself, exponentially
 * weighted with half life {@code halfLife}), {@code S = max(0, S + (x·ln(ratio) - m·(ratio - 1)) / phi)};
 * the score is S.
 *
 * <p>{@code phi} is the dispersion index of the sum of the last {@code span} buckets
 * ({@code max(1, variance / mean)} of that sum), not of one bucket: real counts come in bursts and
 * daily waves, so neighbouring buckets' excesses are correlated and a per-bucket index would let
 * the sum of increments grow far faster than a quasi-likelihood allows on a busy series. The
 * aggregated index carries that correlation, and it shrinks the right way when posts are thinned
 * (binomial thinning with keep rate q maps it to {@code q·phi + 1 - q}), so the same surge at a
 * tenth of the volume earns comparable evidence per bucket.
 *
 * <p>Why this transfers across volumes: the evidence accumulates bucket by bucket until it is
 * decisive, so a surge on a series of 0.8 posts a bucket reaches the same threshold as one on a
 * series of 24, only later (the expected gain per surge bucket is proportional to {@code m}).
 * Under the baseline the increments drift downwards and, by Wald's inequality, an excursion
 * reaches {@code h} nats with probability at most about {@code e^-h}, whatever {@code m}: one
 * threshold in nats means about one false-alarm rate on a quiet series and on a busy one. A
 * fixed-length tail probability, by contrast, cannot reach a strict threshold at all when the
 * window holds only a few posts.
 *
 * <p>The baseline learns from values winsorised at {@code m + guard·sd + 1}, so an incident does
 * not teach it that incidents are normal. {@code m} is floored at {@code minRate} so a silent
 * stretch does not make one post infinitely telling. Warm-up: NaN for the first {@code halfLife}
 * buckets. O(1) state and time per bucket.
 */
public final class RateCusumDetector implements Detector {
  public static final String NAME = "rate-cusum";
  private final double logRatio;
  private final double ratioMinusOne;
  private final double alpha;
  private final double guard;
  private final double minRate;
  private final int warmup;
  private final double[] ring;
  private int head;
  private double sum;
  private double mean = Double.NaN;
  private double sumMean = Double.NaN;
  private double sumVar;
  private double s;
  private long seen;

  /**
   * @param span buckets whose sum gives the dispersion index, ≥ 1
   * @param halfLife half life of the baseline's mean and variance, buckets, ≥ 2
   * @param ratio the surge the test looks for, as a multiple of the baseline rate, > 1
   * @param guard winsorisation of the baseline's input, standard deviations, > 0
   * @param minRate smallest baseline mean, posts a bucket, > 0
   */
  public RateCusumDetector(int span, int halfLife, double ratio, double guard, double minRate) {
    if (span < 1 || halfLife < 2 || !(ratio > 1) || !(guard > 0) || !(minRate > 0)) {
      throw new IllegalArgumentException("rate-cusum needs span >= 1, halfLife >= 2, ratio > 1, guard > 0 and minRate > 0, got span="
          + span + " halfLife=" + halfLife + " ratio=" + ratio + " guard=" + guard + " minRate=" + minRate);
    }
    this.logRatio = Math.log(ratio);
    this.ratioMinusOne = ratio - 1;
    this.alpha = 1 - Math.pow(0.5, 1.0 / halfLife);
    this.guard = guard;
    this.minRate = minRate;
    this.warmup = Math.max(halfLife, span);
    this.ring = new double[span];
  }

  @Override
  public double update(long bucketStart, double value) {
    double x = Math.max(0, value);
    sum += x - ring[head];
    ring[head] = x;
    head = (head + 1) % ring.length;
    double score = Double.NaN;
    if (seen++ >= warmup) {
      double m = Math.max(mean, minRate);
      double phi = Math.max(1, sumVar / Math.max(sumMean, minRate * ring.length));
      s = Math.max(0, s + (x * logRatio - m * ratioMinusOne) / phi);
      score = s;
    }
    if (Double.isNaN(mean)) {
      mean = x;
    } else {
      mean += alpha * (Math.min(x, mean + guard * Math.sqrt(Math.max(mean, minRate)) + 1) - mean);
    }
    if (seen >= ring.length) {
      learnSum(Math.max(0, Math.rint(sum * 1e9) / 1e9));
    }
    return score;
  }

  /** Mean and variance of the span's sum, from a sum winsorised at mean + guard·sd + 1. */
  private void learnSum(double x) {
    if (Double.isNaN(sumMean)) {
      sumMean = x;
      sumVar = Math.max(x, minRate);
      return;
    }
    double xw = Math.min(x, sumMean + guard * Math.sqrt(Math.max(sumVar, sumMean)) + 1);
    double d = xw - sumMean;
    sumMean += alpha * d;
    sumVar = (1 - alpha) * (sumVar + alpha * d * d);
  }

  @Override
  public String name() {
    return NAME;
  }
}
