package io.crisislab.models.detect;

/**
 * The baseline of the EWMA and CUSUM detectors: an exponentially weighted mean and variance of the
 * values added (smoothing {@code alpha}, a memory of about {@code 1/alpha} buckets), started at the
 * first value and warm after {@code ceil(2/alpha)} values. O(1) state.
 */
final class EwmaBaseline {
  private final double alpha;
  private final long warmup;
  private double mean;
  private double var;
  private long seen;

  /** @param detector the detector's name, for the error */
  EwmaBaseline(String detector, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(detector + " alpha must be in (0, 1), got " + alpha);
    }
    this.alpha = alpha;
    this.warmup = (long) Math.ceil(2 / alpha);
  }

  /** Whether no value has been added yet. */
  boolean empty() {
    return seen == 0;
  }

  /** Whether the warm-up is over: a score against the baseline counts. */
  boolean warm() {
    return seen >= warmup;
  }

  double mean() {
    return mean;
  }

  /** The spread to divide by: the weighted standard deviation, floored ({@link Noise#floor}). */
  double sd(Noise noise) {
    return noise.floor(Math.sqrt(var), mean);
  }

  /** Learns {@code value}: the first one is the mean, later ones move mean and variance by {@code alpha}. */
  void add(double value) {
    if (seen++ == 0) {
      mean = value;
      var = 0;
      return;
    }
    double d = value - mean;
    mean += alpha * d;
    var = (1 - alpha) * (var + alpha * d * d);
  }
}
