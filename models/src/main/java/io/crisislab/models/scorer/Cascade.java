package io.crisislab.models.scorer;

import io.crisislab.models.stats.Evaluation;
import java.util.Arrays;

/**
 * The live cascade of a {@link ScorerFile} with an encoder: the n-gram scorer {@link #ngram} runs on
 * every post, and the encoder model (the enclosing file) only where the n-gram model is uncertain,
 * that is where its {@link #uncertainty} is {@code <= margin}.
 *
 * <p>One margin form for both tasks: the uncertainty is the distance of the n-gram model's answer
 * from its own decision boundary, in probability. Binary: {@code |p_negative - threshold|} on the
 * calibrated {@code p_negative} (the decision is {@code p >= threshold}); three-class: top-1 minus
 * top-2 class probability (the decision is the argmax). So the band is one number, chosen by a
 * one-dimensional scan ({@link #chooseMargin}) on held-out predictions; for binary it is the
 * interval {@code [threshold - margin, threshold + margin]} of the n-gram {@code p_negative}. A
 * symmetric interval has one parameter instead of two to fit on the held-out set.
 *
 * @param ngram the n-gram-only scorer (format version 1, no encoder), fitted on the same split
 * @param margin posts with uncertainty {@code <= margin} go to the encoder model; negative: none
 * @param keep the share of the full model's held-out macro recall the margin was chosen to keep (0.99)
 * @param heldOut held-out figures of the choice (macro recall of the n-gram model, the cascade and
 *     the full model; the share of posts routed; n), as {@link Figures}
 */
public record Cascade(ScorerFile ngram, double margin, double keep, Figures heldOut) {
  /**
   * Macro recalls and the routed share on one set of posts.
   *
   * @param n posts
   * @param routedShare share of posts sent to the encoder, in [0, 1]
   * @param ngramMacroRecall the n-gram model alone
   * @param cascadeMacroRecall the cascade
   * @param fullMacroRecall the encoder model on every post
   */
  public record Figures(long n, double routedShare, double ngramMacroRecall, double cascadeMacroRecall,
      double fullMacroRecall) {}

  void validate(ScorerFile full) {
    if (ngram == null || ngram.encoder() != null || ngram.cascade() != null) {
      throw new IllegalArgumentException("cascade.ngram must be an n-gram scorer without encoder or cascade");
    }
    ngram.validate();
    if (!ngram.task().equals(full.task()) || !ngram.head().classes().equals(full.head().classes())) {
      throw new IllegalArgumentException("cascade.ngram must have the task and classes of the encoder model");
    }
    if (Double.isNaN(margin) || !(keep > 0 && keep <= 1)) {
      throw new IllegalArgumentException("cascade: margin must be a number and keep in (0, 1]");
    }
  }

  /**
   * How uncertain a model's answer is: binary, {@code |pNegative - threshold|} on the calibrated
   * probability; more classes, top-1 minus top-2 of the class probabilities {@code probs}.
   */
  public static double uncertainty(boolean binary, double pNegative, double threshold, double[] probs) {
    if (binary) {
      return Math.abs(pNegative - threshold);
    }
    double[] s = probs.clone();
    Arrays.sort(s);
    return s[s.length - 1] - s[s.length - 2];
  }

  /** Whether a post whose n-gram answer has {@code uncertainty} goes to the encoder. */
  public boolean routes(double uncertainty) {
    return uncertainty <= margin;
  }

  /**
   * The band routing the fewest posts to the encoder such that the cascade's macro recall is at
   * least {@code keep} times the full model's, on the same (held-out) posts. Routing every post
   * reproduces the full model, so a margin always exists; posts with equal uncertainty are routed
   * together.
   *
   * @param uncertainty the n-gram model's {@link #uncertainty} per post
   * @param truth true class per post (0..classes-1)
   * @param ngramPred the n-gram model's predicted class per post
   * @param fullPred the encoder model's predicted class per post
   * @return the margin (negative: no post routed) and the held-out figures at it
   */
  public static Choice chooseMargin(double[] uncertainty, int[] truth, int[] ngramPred, int[] fullPred, int classes,
      double keep) {
    int n = uncertainty.length;
    if (truth.length != n || ngramPred.length != n || fullPred.length != n || n == 0) {
      throw new IllegalArgumentException("chooseMargin needs equally long, non-empty arrays");
    }
    long[][] full = Evaluation.confusion(truth, fullPred, classes);
    double fullRecall = Evaluation.macro(Evaluation.recalls(full), full);
    long[][] cm = Evaluation.confusion(truth, ngramPred, classes);
    double ngramRecall = Evaluation.macro(Evaluation.recalls(cm), cm);
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(uncertainty[a], uncertainty[b]));
    double target = keep * fullRecall;
    double margin = -1;
    double recall = ngramRecall;
    int routed = 0;
    // step through the distinct uncertainties, moving each tie group to the encoder at once
    while (!(recall >= target) && routed < n) {
      double u = uncertainty[order[routed]];
      while (routed < n && uncertainty[order[routed]] == u) {
        int i = order[routed++];
        cm[truth[i]][ngramPred[i]]--;
        cm[truth[i]][fullPred[i]]++;
      }
      margin = u;
      recall = Evaluation.macro(Evaluation.recalls(cm), cm);
    }
    return new Choice(margin, new Figures(n, routed / (double) n, ngramRecall, recall, fullRecall));
  }

  /** A chosen margin with its held-out figures. */
  public record Choice(double margin, Figures figures) {}
}
