package io.crisislab.models.detect;

/**
 * EWMA: the z-score of the bucket against an exponentially weighted mean and variance (smoothing
 * {@code alpha}), updated after scoring (O(1) state). Warms up for {@code ceil(2/alpha)} buckets.
 */
public final class EwmaDetector implements Detector {
  public static final String NAME = "ewma";
  private final Noise noise;
  private final EwmaBaseline base;

  /**
   * @param alpha smoothing in (0, 1); the memory is about {@code 1/alpha} buckets
   * @param minSd smallest spread divided by, ≥ 0
   * @param poisson whether the Poisson floor applies
   */
  public EwmaDetector(double alpha, double minSd, boolean poisson) {
    this.base = new EwmaBaseline(NAME, alpha);
    this.noise = new Noise(NAME, minSd, poisson);
  }

  @Override
  public double update(long bucketStart, double value) {
    double score = base.warm() ? (value - base.mean()) / base.sd(noise) : Double.NaN;
    base.add(value);
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
