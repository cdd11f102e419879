package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;

/** Class weighting of one grid point. */
public enum ClassWeight {
  NONE,
  /** n / (k * n_class) per post. */
  BALANCED;

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
