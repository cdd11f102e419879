package io.crisislab.jobs.tune;

import com.fasterxml.jackson.annotation.JsonValue;
import io.crisislab.jobs.cli.Choices;

/** What the outer folds hold out ({@code --validation}); {@link #toString()} is the wire name. */
public enum ValidationMode {
  /** {@link #SERIES} with at least 3 labelled series, else {@link #INCIDENT}. */
  AUTO,
  /** Leave one series out. */
  SERIES,
  /** Leave one incident out. */
  INCIDENT;

  @JsonValue
  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
