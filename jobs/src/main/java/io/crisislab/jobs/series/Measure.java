package io.crisislab.jobs.series;

import com.fasterxml.jackson.annotation.JsonValue;
import io.crisislab.jobs.cli.Choices;

/**
 * What a posts series counts a bucket ({@code --measure} of replay and tune); {@link #toString()} is
 * the wire name typed on the command line, recorded in manifests and read back by {@link SeriesSource#load}.
 * CSV series count what their file holds, so they take {@link #AUTO} or {@link #COUNT} only.
 */
public enum Measure {
  /** {@link #NEGATIVE} for posts; the file's values for CSV series. */
  AUTO,
  /** All posts. */
  COUNT,
  /** Posts labelled negative ({@code is_negative} from scoring when present, else {@code label = negative}). */
  NEGATIVE,
  /** The sum of {@code p_negative}: the classifier's expected count of negative posts. */
  EXPECTED_NEGATIVE;

  @JsonValue
  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
