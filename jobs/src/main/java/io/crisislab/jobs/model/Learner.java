package io.crisislab.jobs.model;

import io.crisislab.jobs.cli.Choices;

/** The MLlib learner of a classifier; {@link #toString()} is the wire name used by flags and {@code scorer.json}. */
public enum Learner {
  LOGISTIC_REGRESSION,
  /** Binary only; its margin goes through a sigmoid to give p_negative_raw. */
  LINEAR_SVC,
  /** Multinomial naive Bayes (the regularisation grid is its additive smoothing). */
  NAIVE_BAYES;

  /** The learner named {@code wire} (as written in {@code scorer.json}). */
  public static Learner of(String wire) {
    return Choices.parse(Learner.class, "--learner", wire);
  }

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
