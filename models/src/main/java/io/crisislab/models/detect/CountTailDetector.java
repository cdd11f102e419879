package io.crisislab.models.detect;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Count tail probability against the seasonal expectation: the score is
 * {@code -log10 P(X >= x)} where X is Poisson with mean {@code λ = max(seasonal median, minRate)}
 * or, when {@code size > 0}, negative binomial with that mean and variance {@code λ + λ²/size}
 * (over-dispersed counts, as social volume is). Works for fractional (expected) counts through the
 * continuous incomplete gamma/beta functions. Scale-aware by construction: the same relative surge
 * is more surprising on a busy series than on a quiet one.
 */
public final class CountTailDetector implements Detector {
  public static final String NAME = "count-tail";
  /** Scores are capped here (p below 1e-300). */
  public static final double MAX_SCORE = 300;
  private final SeasonalBaseline baseline;
  private final double size;
  private final double minRate;

  public CountTailDetector(long slotSeconds, long seasonSeconds, int samples, int minSamples, int trailing,
      double size, double minRate) {
    if (!(size >= 0)) {
      throw new IllegalArgumentException("count-tail size must be >= 0 (0 = Poisson), got " + size);
    }
    if (!(minRate > 0)) {
      throw new IllegalArgumentException("count-tail minRate must be > 0, got " + minRate);
    }
    this.baseline = new SeasonalBaseline(slotSeconds, seasonSeconds, samples, minSamples, trailing);
    this.size = size;
    this.minRate = minRate;
  }

  /** {@code P(X >= x)} for the model above. */
  static double upperTail(double x, double mean, double size) {
    if (x <= 0) {
      return 1.0;
    }
    if (size == 0) {
      return Gamma.regularizedGammaP(x, mean);
    }
    double p = size / (size + mean);
    return Beta.regularizedBeta(1 - p, x, size);
  }

  @Override
  public double update(long bucketStart, double value) {
    double score = Double.NaN;
    if (baseline.prepare(bucketStart)) {
      double lambda = Math.max(baseline.center(), minRate);
      double p = upperTail(value, lambda, size);
      score = p <= 1e-300 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(p));
    }
    baseline.add(value);
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
