package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;

/** The calibration map fitted on held-out predictions (wire names are those of {@code models.scorer.Calibration}). */
public enum CalibrationMethod {
  NONE,
  ISOTONIC,
  /** Two parameters on logit(p_raw): transfers across time better than isotonic's step function. */
  PLATT;

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
