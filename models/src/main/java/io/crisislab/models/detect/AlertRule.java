package io.crisislab.models.detect;

/**
 * A detector with its alert policy: the object a live tool feeds one bucket at a time.
 * Build one from a tuned rule with {@link DetectorSpec#newRule()}.
 */
public final class AlertRule {
  /** One bucket's outcome: the detector's score (NaN while warming up) and whether it alerts. */
  public record Decision(double score, boolean alert) {}

  private final Detector detector;
  private final AlertPolicy policy;
  private final AlertPolicy.State state;

  public AlertRule(Detector detector, AlertPolicy policy) {
    this.detector = detector;
    this.policy = policy;
    this.state = policy.state();
  }

  /** Consumes one bucket (UTC epoch seconds of its start, count). */
  public Decision step(long bucketStart, double value) {
    double s = detector.update(bucketStart, value);
    return new Decision(s, state.step(s));
  }

  public Detector detector() {
    return detector;
  }

  public AlertPolicy policy() {
    return policy;
  }
}
