package io.crisislab.models.scorer;

import java.util.Arrays;
import java.util.List;

/**
 * A linear model over the concatenated feature blocks.
 *
 * <p>{@code link = sigmoid}: one row; {@code p(classes[1]) = 1 / (1 + exp(-(w·x + b)))} (MLlib
 * binary LogisticRegression, and LinearSVC's margin squashed the same way). {@code link = softmax}:
 * one row per class; {@code p(k) = exp(m_k - max m) / sum_j exp(m_j - max m)} with
 * {@code m_k = w_k·x + b_k} (MLlib multinomial LogisticRegression; NaiveBayes with log priors as
 * intercepts and log likelihoods as weights).
 *
 * @param link {@code sigmoid} or {@code softmax}
 * @param classes class names; for sigmoid exactly two, the second is the one whose probability the sigmoid gives
 * @param weights one row per class (softmax) or one row (sigmoid), each as long as all blocks together
 * @param intercepts one per row
 */
public record LinearHead(String link, List<String> classes, double[][] weights, double[] intercepts) {
  public static final String SIGMOID = "sigmoid";
  public static final String SOFTMAX = "softmax";

  void validate(String what, int features) {
    int rows = SIGMOID.equals(link) ? 1 : classes.size();
    if (!SIGMOID.equals(link) && !SOFTMAX.equals(link)) {
      throw new IllegalArgumentException(what + ": link must be sigmoid or softmax, got " + link);
    }
    if (SIGMOID.equals(link) && classes.size() != 2) {
      throw new IllegalArgumentException(what + ": a sigmoid head has exactly two classes");
    }
    if (weights.length != rows || intercepts.length != rows) {
      throw new IllegalArgumentException(what + ": expected " + rows + " weight rows and intercepts");
    }
    for (double[] w : weights) {
      if (w.length != features) {
        throw new IllegalArgumentException(what + ": weight rows must have " + features + " entries, got " + w.length);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearHead h && link.equals(h.link) && classes.equals(h.classes)
        && Arrays.deepEquals(weights, h.weights) && Arrays.equals(intercepts, h.intercepts);
  }

  @Override
  public int hashCode() {
    return link.hashCode() * 31 + classes.hashCode();
  }
}
