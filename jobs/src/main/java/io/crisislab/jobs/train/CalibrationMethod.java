package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;

/** The calibration map fitted on held-out predictions (wire names are those of {@code models.scorer.Calibration}). */
public enum CalibrationMethod {
  NONE,
  ISOTONIC,
  /** Two parameters on logit(p_raw): transfers across time better than isotonic's step function. */
  PLATT,
  /**
   * Isotonic or Platt, whichever has the lower ECE on held-out predictions its map was not fitted on
   * ({@link Calibrate#crossFittedEce}): the held-out set chooses, as it chooses the grid point.
   */
  HELD_OUT,
  /**
   * Isotonic or Platt, fitted on all, the most recent or recency-weighted held-out time blocks,
   * whichever has the lower ECE judged forward in time ({@link ForwardCalibration}): each block
   * calibrated by the map of the blocks before it only, as a deployed model's map meets the next
   * period. Needs time-blocked out-of-fold predictions.
   */
  FORWARD;

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
