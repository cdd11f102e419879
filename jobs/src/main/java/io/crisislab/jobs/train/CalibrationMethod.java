package io.crisislab.jobs.train;

import io.crisislab.models.scorer.Calibration;

/** The calibration map fitted on held-out predictions (wire names are {@link Calibration}'s). */
public enum CalibrationMethod {
  NONE(Calibration.NONE),
  ISOTONIC(Calibration.ISOTONIC),
  /** Two parameters on logit(p_raw): transfers across time better than isotonic's step function. */
  PLATT(Calibration.PLATT);

  private final String wire;

  CalibrationMethod(String wire) {
    this.wire = wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
