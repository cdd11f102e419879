package io.crisislab.models.detect;

/**
 * Windowed Gaussian: the z-score of the bucket against the mean and standard deviation of the
 * previous {@code window} buckets (O(window) memory, O(1) time). Warms up until half the window is
 * filled.
 */
public final class RollingZDetector implements Detector {
  public static final String NAME = "rolling-z";
  private final int window;
  private final Noise noise;
  private final double[] ring;
  /** Buckets seen before the first score: half the window, at least 2. */
  private final int warmup;
  private int size;
  private int head;
  private double sum;
  private double sumSq;
  /** Updates left until the sums are re-added from scratch (every 16 windows). */
  private int untilRefresh;

  /**
   * @param window buckets in the baseline, ≥ 2
   * @param minSd smallest spread divided by (counts), ≥ 0
   * @param poisson whether the Poisson floor {@code sqrt(mean + 1)} applies
   */
  public RollingZDetector(int window, double minSd, boolean poisson) {
    if (window < 2 || window > Integer.MAX_VALUE / 16) {
      throw new IllegalArgumentException("rolling-z window must be in [2, " + Integer.MAX_VALUE / 16 + "] buckets, got " + window);
    }
    this.window = window;
    this.noise = new Noise(NAME, minSd, poisson);
    this.ring = new double[window];
    this.warmup = Math.max(2, window / 2);
    this.untilRefresh = 16 * window;
  }

  @Override
  public double update(long bucketStart, double value) {
    double score = Double.NaN;
    // the hot loop of a tuning sweep: no division or modulo below but the z-score's own
    if (size >= warmup) {
      double mean = sum / size;
      double var = Math.max(0, sumSq / size - mean * mean);
      score = (value - mean) / noise.floor(Math.sqrt(var), mean);
    }
    if (size == window) {
      double old = ring[head];
      sum -= old;
      sumSq -= old * old;
    } else {
      size++;
    }
    ring[head] = value;
    if (++head == window) {
      head = 0;
    }
    sum += value;
    sumSq += value * value;
    if (--untilRefresh == 0) {
      // re-add from scratch now and then so floating-point drift cannot build up
      untilRefresh = 16 * window;
      sum = 0;
      sumSq = 0;
      for (int i = 0; i < size; i++) {
        sum += ring[i];
        sumSq += ring[i] * ring[i];
      }
    }
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
