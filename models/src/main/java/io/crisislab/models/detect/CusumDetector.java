package io.crisislab.models.detect;

/**
 * One-sided (upward) CUSUM of standardised residuals against an EWMA baseline:
 * {@code S = max(0, S + min(z, cap) - k)}, the score is S. The baseline learns from values
 * winsorised at {@code mean + 3 sd}, so a surge is not absorbed into the baseline within a few
 * buckets. O(1) state. Warms up for {@code ceil(2/alpha)} buckets.
 */
public final class CusumDetector implements Detector {
  public static final String NAME = "cusum";
  private final double alpha;
  private final double slack;
  private final double cap;
  private final double minSd;
  private final boolean poisson;
  private final long warmup;
  private double mean;
  private double var;
  private double s;
  private long seen;

  /**
   * @param alpha baseline smoothing in (0, 1)
   * @param slack k, the drift allowed per bucket in standard deviations (≥ 0)
   * @param cap largest z one bucket may add (> 0), so one spike alone cannot trip it
   */
  public CusumDetector(double alpha, double slack, double cap, double minSd, boolean poisson) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("cusum alpha must be in (0, 1), got " + alpha);
    }
    if (!(slack >= 0) || !(cap > 0) || !(minSd >= 0)) {
      throw new IllegalArgumentException("cusum needs slack >= 0, cap > 0, minSd >= 0");
    }
    this.alpha = alpha;
    this.slack = slack;
    this.cap = cap;
    this.minSd = minSd;
    this.poisson = poisson;
    this.warmup = (long) Math.ceil(2 / alpha);
  }

  @Override
  public double update(long bucketStart, double value) {
    if (seen++ == 0) {
      mean = value;
      return Double.NaN;
    }
    double sd = Noise.floor(Math.sqrt(var), mean, minSd, poisson);
    double z = (value - mean) / sd;
    double score = Double.NaN;
    if (seen > warmup) {
      s = Math.max(0, s + Math.min(z, cap) - slack);
      score = s;
    }
    double w = Math.min(value, mean + 3 * sd);
    double d = w - mean;
    mean += alpha * d;
    var = (1 - alpha) * (var + alpha * d * d);
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
