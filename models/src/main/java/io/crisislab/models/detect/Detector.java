package io.crisislab.models.detect;

/**
 * A streaming surge detector: it sees one bucket at a time, in time order, keeps O(1) or
 * O(window) state and returns an anomaly score for that bucket (higher = more surprising; NaN
 * while it is still warming up). The score never depends on any alert threshold, so a live tool
 * and a replay run the very same code and a threshold sweep can reuse one pass of scores.
 * Deterministic: the same input gives the same scores. Not thread-safe; one instance per series.
 */
public interface Detector {
  /**
   * Consumes one bucket.
   *
   * @param bucketStart UTC epoch seconds of the bucket start (seasonal detectors use it)
   * @param value the bucket's count (non-negative)
   * @return the anomaly score of this bucket, or NaN while warming up
   */
  double update(long bucketStart, double value);

  /** The registry name of this detector ({@link Detectors}). */
  String name();

  /** Scores a whole series with a fresh state (convenience for replays and sweeps). */
  default double[] scoreAll(long[] bucketStart, double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = update(bucketStart[i], values[i]);
    }
    return out;
  }
}
