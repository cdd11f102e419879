package io.crisislab.models.detect;

/**
 * One-sided (upward) CUSUM of standardised residuals against an EWMA baseline:
 * {@code S = max(0, S + min(z, cap) - k)}, the score is S. The baseline learns from values
 * winsorised at {@code mean + 3 sd}, so a surge is not absorbed into the baseline within a few
 * buckets. O(1) state. Warms up for {@code ceil(2/alpha)} buckets.
 */
public final class CusumDetector implements Detector {
  public static final String NAME = "cusum";
  private final double slack;
  private final double cap;
  private final Noise noise;
  private final EwmaBaseline base;
  private double s;

  /**
   * @param alpha baseline smoothing in (0, 1)
   * @param slack k, the drift allowed per bucket in standard deviations (≥ 0)
   * @param cap largest z one bucket may add (> 0), so one spike alone cannot trip it
   */
  public CusumDetector(double alpha, double slack, double cap, double minSd, boolean poisson) {
    this.base = new EwmaBaseline(NAME, alpha);
    this.noise = new Noise(NAME, minSd, poisson);
    if (!(slack >= 0) || !(cap > 0)) {
      throw new IllegalArgumentException("cusum needs slack >= 0 and cap > 0, got slack=" + slack + " cap=" + cap);
    }
    this.slack = slack;
    this.cap = cap;
  }

  @Override
  public double update(long bucketStart, double value) {
    if (base.empty()) {
      base.add(value);
      return Double.NaN;
    }
    double sd = base.sd(noise);
    double score = Double.NaN;
    if (base.warm()) {
      s = Math.max(0, s + Math.min((value - base.mean()) / sd, cap) - slack);
      score = s;
    }
    base.add(Math.min(value, base.mean() + 3 * sd));
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
