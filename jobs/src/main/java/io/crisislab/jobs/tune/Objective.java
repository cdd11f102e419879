package io.crisislab.jobs.tune;

import com.fasterxml.jackson.annotation.JsonValue;
import io.crisislab.jobs.cli.Choices;

/** What a tuned rule maximises ({@code --objective}); {@link #toString()} is the wire name flags, manifests and thresholds.json carry. */
public enum Objective {
  /** NAB normalised score, standard profile. */
  NAB_STANDARD,
  /** NAB normalised score, reward-low-false-positives profile. */
  NAB_LOW_FP,
  /** NAB normalised score, reward-low-false-negatives profile. */
  NAB_LOW_FN,
  /** Most incidents caught with at most {@code --max-false-alarms-per-week} false alarms a week. */
  CATCH;

  @JsonValue
  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
