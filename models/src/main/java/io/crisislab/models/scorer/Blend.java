package io.crisislab.models.scorer;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A stacked blend of two models' raw class probabilities (issue 19): the n-gram model (a
 * {@link Cascade}'s front, {@code cascade.ngram} of the same {@link ScorerFile}) and the file's own
 * (encoder) model. A logistic regression over their answers, fitted on held-out predictions only:
 *
 * <ul>
 *   <li>binary ({@link #LOG_ODDS}): one row {@code (w_ngram, w_encoder)}; {@code p_negative =
 *       sigmoid(w_ngram · logit(p_ngram) + w_encoder · logit(p_encoder) + b)};
 *   <li>K classes ({@link #LOG_PROBABILITIES}): K rows of 2K weights over the n-gram model's K
 *       log-probabilities then the encoder model's; class probabilities = softmax of
 *       {@code w_k · x + b_k} (MLlib multinomial logistic regression).
 * </ul>
 *
 * Probabilities are clamped by {@link Calibration#clamp} (to [{@value Calibration#EPS}, 1 −
 * {@value Calibration#EPS}], the Platt map's clamp) before the logarithm, so a saturated base model
 * gives a finite input. Spark (the train job's blend stage) and the live scorer call the same
 * {@link #apply}, so both paths agree to the base models' own parity.
 *
 * @param inputs {@link #LOG_ODDS} (binary) or {@link #LOG_PROBABILITIES} (K classes)
 * @param weights one row (log-odds) or K rows (log-probabilities) of 2 or 2K finite weights
 * @param intercepts one per row, finite
 */
public record Blend(String inputs, double[][] weights, double[] intercepts) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String LOG_ODDS = "log-odds";
  public static final String LOG_PROBABILITIES = "log-probabilities";

  /** The meta-model's inputs for one post: the two models' class probabilities in head.classes order. */
  public static double[] inputs(double[] pNgram, double[] pEncoder) {
    if (pNgram.length != pEncoder.length) {
      throw new IllegalArgumentException("the blend needs both models' probabilities of the same classes");
    }
    int k = pNgram.length;
    if (k == 2) {
      return new double[] {Calibration.logit(pNgram[1]), Calibration.logit(pEncoder[1])};
    }
    double[] x = new double[2 * k];
    for (int j = 0; j < k; j++) {
      x[j] = Math.log(Calibration.clamp(pNgram[j]));
      x[k + j] = Math.log(Calibration.clamp(pEncoder[j]));
    }
    return x;
  }

  /** The blend's class probabilities, in head.classes order (binary: {1 − p, p}). */
  public double[] apply(double[] pNgram, double[] pEncoder) {
    double[] x = inputs(pNgram, pEncoder);
    double[] m = new double[weights.length];
    for (int r = 0; r < m.length; r++) {
      double s = intercepts[r];
      for (int j = 0; j < x.length; j++) {
        s += weights[r][j] * x[j];
      }
      m[r] = s;
    }
    if (LOG_ODDS.equals(inputs)) {
      double p = 1.0 / (1.0 + Math.exp(-m[0]));
      return new double[] {1 - p, p};
    }
    return NegativityScorer.softmax(m);
  }

  /** Checks the shape against the file's {@code classes} and that every weight is finite. */
  void validate(int classes) {
    boolean binary = classes == 2;
    if (!(binary ? LOG_ODDS : LOG_PROBABILITIES).equals(inputs)) {
      throw new IllegalArgumentException("blend: inputs must be " + (binary ? LOG_ODDS : LOG_PROBABILITIES) + " for "
          + classes + " classes, got " + inputs);
    }
    int rows = binary ? 1 : classes;
    int cols = binary ? 2 : 2 * classes;
    if (weights == null || intercepts == null || weights.length != rows || intercepts.length != rows) {
      throw new IllegalArgumentException("blend: expected " + rows + " weight rows and intercepts");
    }
    for (int r = 0; r < rows; r++) {
      if (weights[r] == null || weights[r].length != cols) {
        throw new IllegalArgumentException("blend: weight row " + r + " must have " + cols + " entries");
      }
      if (!Double.isFinite(intercepts[r]) || Arrays.stream(weights[r]).anyMatch(w -> !Double.isFinite(w))) {
        throw new IllegalArgumentException("blend: weight row " + r + " or its intercept is not a finite number");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blend b && inputs.equals(b.inputs) && Arrays.deepEquals(weights, b.weights)
        && Arrays.equals(intercepts, b.intercepts);
  }

  @Override
  public int hashCode() {
    return inputs.hashCode() * 31 + Arrays.hashCode(intercepts);
  }
}
