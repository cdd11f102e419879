package io.crisislab.jobs.train;

/** Class weighting of one grid point. */
public enum ClassWeight {
  NONE("none"),
  /** n / (k * n_class) per post. */
  BALANCED("balanced");

  private final String wire;

  ClassWeight(String wire) {
    this.wire = wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
