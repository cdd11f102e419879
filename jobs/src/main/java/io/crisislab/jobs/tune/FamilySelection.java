package io.crisislab.jobs.tune;

import com.fasterxml.jackson.annotation.JsonValue;
import io.crisislab.jobs.cli.Choices;

/** How the detector family is chosen on the training series ({@code --select}); {@link #toString()} is the wire name. */
public enum FamilySelection {
  /** {@link #NESTED} with series validation and at least {@link TuneJob#NESTED_MIN_SERIES} series, else {@link #FLAT}. */
  AUTO,
  /** The best rule of any family. */
  FLAT,
  /** The family chosen by an inner leave-one-out first, then its best rule. */
  NESTED;

  @JsonValue
  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
