package io.crisislab.models.detect;

/**
 * EWMA: the z-score of the bucket against an exponentially weighted mean and variance (smoothing
 * {@code alpha}), updated after scoring (O(1) state). Warms up for {@code ceil(2/alpha)} buckets.
 */
public final class EwmaDetector implements Detector {
  public static final String NAME = "ewma";
  private final double alpha;
  private final double minSd;
  private final boolean poisson;
  private final long warmup;
  private double mean;
  private double var;
  private long seen;

  /**
   * @param alpha smoothing in (0, 1); the memory is about {@code 1/alpha} buckets
   * @param minSd smallest spread divided by, ≥ 0
   * @param poisson whether the Poisson floor applies
   */
  public EwmaDetector(double alpha, double minSd, boolean poisson) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("ewma alpha must be in (0, 1), got " + alpha);
    }
    if (!(minSd >= 0)) {
      throw new IllegalArgumentException("ewma minSd must be >= 0, got " + minSd);
    }
    this.alpha = alpha;
    this.minSd = minSd;
    this.poisson = poisson;
    this.warmup = (long) Math.ceil(2 / alpha);
  }

  @Override
  public double update(long bucketStart, double value) {
    if (seen == 0) {
      mean = value;
      var = 0;
      seen++;
      return Double.NaN;
    }
    double score = seen >= warmup ? (value - mean) / Noise.floor(Math.sqrt(var), mean, minSd, poisson) : Double.NaN;
    double d = value - mean;
    mean += alpha * d;
    var = (1 - alpha) * (var + alpha * d * d);
    seen++;
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
