package io.crisislab.jobs.tune;

import com.fasterxml.jackson.annotation.JsonValue;
import io.crisislab.jobs.cli.Choices;

/** How candidate rules are drawn ({@code --search}); {@link #toString()} is the wire name. */
public enum SearchMethod {
  /** Every point of each family's grid. */
  GRID,
  /** {@code --random-candidates} seeded draws per family. */
  RANDOM;

  @JsonValue
  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
