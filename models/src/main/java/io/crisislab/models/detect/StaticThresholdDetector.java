package io.crisislab.models.detect;

/** The bucket's count itself is the score: a fixed threshold on volume (O(1) state). */
public final class StaticThresholdDetector implements Detector {
  public static final String NAME = "static";

  @Override
  public double update(long bucketStart, double value) {
    return value;
  }

  @Override
  public String name() {
    return NAME;
  }
}
