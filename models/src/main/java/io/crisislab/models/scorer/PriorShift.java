package io.crisislab.models.scorer;

/**
 * Calibrated probabilities carried to a period whose share of negative posts differs from the
 * training period's (label shift: the prior moves, the way a post's words relate to its label does
 * not). By Bayes' rule the period's probability is {@code σ(logit q + logit π′ − logit π)}, where q
 * is the calibrated probability, π the prior the map was fitted under and π′ the period's. π′ is
 * estimated from the period's unlabelled posts by the EM of Saerens, Latinne and Decaestecker
 * (2002, "Adjusting the outputs of a classifier to new a priori probabilities", Neural Computation
 * 14(1)): adjust every q to the current π′, take their mean as the next π′, until it stops moving.
 *
 * <p>Why the training prior is the mean calibrated probability over the posts the map was fitted on,
 * not their label share: then EM run on the training period itself returns π (no shift), whatever
 * small bias the map family has (Platt's smoothed targets move the mean by about 1/n).
 *
 * @param trainPrior π, in (0, 1)
 */
public record PriorShift(double trainPrior) {
  /** EM stops when the estimate moves by less than this between two steps. */
  public static final double TOLERANCE = 1e-10;
  /** EM's step limit: convergence is linear, slow only when the two classes' scores overlap heavily. */
  public static final int MAX_ITERATIONS = 10_000;

  public PriorShift {
    if (!(trainPrior > 0 && trainPrior < 1)) {
      throw new IllegalArgumentException("the training prior must lie in (0, 1), got " + trainPrior);
    }
  }

  /**
   * The prior a map was fitted under: the (weighted) mean of its calibrated probabilities over the
   * posts it was fitted on.
   *
   * @param q calibrated probabilities of the fitting posts, in [0, 1]
   * @param w their weights (finite, >= 0, positive sum), or null for 1 each
   */
  public static PriorShift fittedOn(double[] q, double[] w) {
    if (q.length == 0) {
      throw new IllegalArgumentException("need one or more probabilities to know the prior they were fitted under");
    }
    CalibrationFit.checkWeights(w, q.length);
    double[] wt = CalibrationFit.weights(w, q.length);
    double sum = 0;
    double total = 0;
    for (int i = 0; i < q.length; i++) {
      sum += wt[i] * checked(q[i], i);
      total += wt[i];
    }
    return new PriorShift(Calibration.clamp(sum / total));
  }

  /**
   * The EM estimate of a period's prior.
   *
   * @param prior π′, in [{@link Calibration#EPS}, 1 − {@link Calibration#EPS}]
   * @param iterations EM steps taken
   * @param converged whether the last step moved the estimate by less than {@link #TOLERANCE}
   */
  public record Estimate(double prior, int iterations, boolean converged) {}

  /**
   * π′ of the period whose calibrated probabilities (under {@link #trainPrior}) are {@code q}; no labels.
   *
   * @throws IllegalArgumentException when q is empty or has a value outside [0, 1]
   */
  public Estimate estimate(double[] q) {
    if (q.length == 0) {
      throw new IllegalArgumentException("need one or more probabilities to estimate a prior");
    }
    for (int i = 0; i < q.length; i++) {
      checked(q[i], i);
    }
    double prior = trainPrior;
    for (int it = 1; it <= MAX_ITERATIONS; it++) {
      double sum = 0;
      for (double qi : q) {
        sum += adjust(qi, prior);
      }
      double next = Calibration.clamp(sum / q.length);
      boolean done = Math.abs(next - prior) < TOLERANCE;
      prior = next;
      if (done) {
        return new Estimate(prior, it, true);
      }
    }
    return new Estimate(prior, MAX_ITERATIONS, false);
  }

  /** q (calibrated under {@link #trainPrior}) carried to a period of prior {@code periodPrior}. */
  public double adjust(double q, double periodPrior) {
    return 1.0 / (1.0 + Math.exp(-(Calibration.logit(q) + Calibration.logit(periodPrior) - Calibration.logit(trainPrior))));
  }

  /** Every q carried to the period they come from: {@link #estimate} then {@link #adjust}. */
  public double[] adapt(double[] q) {
    double prior = estimate(q).prior();
    double[] out = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = adjust(q[i], prior);
    }
    return out;
  }

  private static double checked(double q, int i) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("probability " + i + " must lie in [0, 1], got " + q);
    }
    return q;
  }
}
