package io.crisislab.models.scorer;

import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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

  /** Candidate margins scanned at most (beyond it, tie groups are thinned to steps of n / this many posts). */
  static final int MAX_CANDIDATES = 1000;
  /** One-sided level of the bootstrap lower bound: its 5th percentile. */
  static final double LOWER_QUANTILE = 0.05;

  /**
   * The band routing the fewest posts to the encoder such that the cascade keeps {@code keep} of the
   * full model's macro recall on new posts, judged on paired held-out predictions of both models.
   *
   * <p>The rule: the smallest margin whose cascade/full macro-recall ratio has a one-sided 95 %
   * percentile-bootstrap lower bound ({@value #LOWER_QUANTILE} quantile over {@code resamples}
   * resamples of the posts, both models on each: {@link Bootstrap#quantiles}) of at least
   * {@code keep}. Taking the smallest margin whose <em>point</em> ratio reaches {@code keep} stops
   * exactly where the held-out sample happens to reach it, so on new posts the ratio falls short about half the time (TweetEval, 2,000 val
   * posts: 0.990 there, 0.971 on test); the lower bound adds the margin the sampling noise needs, and
   * shrinks as the held-out set grows. {@code resamples} 0 is that point rule. Routing every post
   * reproduces the full model in every resample (ratio 1), so a margin always exists; posts with
   * equal uncertainty are routed together; with more than {@value #MAX_CANDIDATES} distinct
   * uncertainties the candidates are the tie-group ends about n / {@value #MAX_CANDIDATES} posts apart.
   *
   * @param uncertainty the n-gram model's {@link #uncertainty} per post
   * @param truth true class per post (0..classes-1)
   * @param ngramPred the n-gram model's predicted class per post
   * @param fullPred the encoder model's predicted class per post
   * @param resamples bootstrap resamples ({@code >= 20}), or 0 for the point rule
   * @param seed the resamples' seed (derive it per purpose)
   * @return the margin (negative: no post routed), the held-out figures at it and the ratio's lower bound
   */
  public static Choice chooseMargin(double[] uncertainty, int[] truth, int[] ngramPred, int[] fullPred, int classes,
      double keep, int resamples, long seed) {
    int n = uncertainty.length;
    if (truth.length != n || ngramPred.length != n || fullPred.length != n || n == 0) {
      throw new IllegalArgumentException("chooseMargin needs equally long, non-empty arrays");
    }
    if (resamples != 0 && resamples < 20) {
      throw new IllegalArgumentException("chooseMargin needs 0 or >= 20 resamples, got " + resamples);
    }
    int[] order = IntStream.range(0, n).boxed()
        .sorted((a, b) -> Double.compare(uncertainty[a], uncertainty[b])).mapToInt(Integer::intValue).toArray();
    int[] cuts = candidates(uncertainty, order);
    int[] all = new int[n];
    Arrays.fill(all, 1);
    double[] point = ratios(all, order, cuts, truth, ngramPred, fullPred, classes, null);
    double[] lower = resamples == 0 ? point : Bootstrap.quantiles(n, rows -> {
      int[] w = new int[n];
      for (int i : rows) {
        w[i]++;
      }
      return ratios(w, order, cuts, truth, ngramPred, fullPred, classes, null);
    }, LOWER_QUANTILE, resamples, seed);
    int chosen = cuts.length - 1;
    for (int c = 0; c < cuts.length; c++) {
      if (lower[c] >= keep) {
        chosen = c;
        break;
      }
    }
    double[] recalls = new double[3];
    ratios(all, order, new int[] {cuts[chosen]}, truth, ngramPred, fullPred, classes, recalls);
    int routed = cuts[chosen];
    double margin = routed == 0 ? -1 : uncertainty[order[routed - 1]];
    return new Choice(margin, new Figures(n, routed / (double) n, recalls[0], recalls[1], recalls[2]), lower[chosen],
        resamples);
  }

  /** Routed-post counts to try, ascending: 0 (none), then tie-group ends, thinned past {@link #MAX_CANDIDATES}. */
  private static int[] candidates(double[] u, int[] order) {
    int n = order.length;
    int step = Math.max(1, (n + MAX_CANDIDATES - 1) / MAX_CANDIDATES);
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    for (int p = 1; p <= n; p++) {
      boolean groupEnd = p == n || u[order[p]] != u[order[p - 1]];
      if (groupEnd && (p == n || p - cuts.get(cuts.size() - 1) >= step)) {
        cuts.add(p);
      }
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The cascade/full macro-recall ratio at each cut (the first {@code cuts[c]} posts of {@code order}
   * routed), on posts weighted by {@code w} (bootstrap multiplicities). When {@code recalls} is given
   * (one cut), it receives the n-gram, cascade and full macro recalls there.
   */
  private static double[] ratios(int[] w, int[] order, int[] cuts, int[] truth, int[] ngramPred, int[] fullPred,
      int classes, double[] recalls) {
    long[][] full = new long[classes][classes];
    long[][] cm = new long[classes][classes];
    for (int i = 0; i < w.length; i++) {
      full[truth[i]][fullPred[i]] += w[i];
      cm[truth[i]][ngramPred[i]] += w[i];
    }
    double fullRecall = Evaluation.macro(Evaluation.recalls(full), full);
    double ngramRecall = Evaluation.macro(Evaluation.recalls(cm), cm);
    double[] out = new double[cuts.length];
    int at = 0;
    for (int c = 0; c < cuts.length; c++) {
      for (; at < cuts[c]; at++) {
        int i = order[at];
        cm[truth[i]][ngramPred[i]] -= w[i];
        cm[truth[i]][fullPred[i]] += w[i];
      }
      double cascade = Evaluation.macro(Evaluation.recalls(cm), cm);
      // routing every post is the full model: ratio 1 even where the resample's full recall is 0
      out[c] = at == order.length ? 1.0 : cascade / fullRecall;
      if (recalls != null) {
        recalls[0] = ngramRecall;
        recalls[1] = cascade;
        recalls[2] = fullRecall;
      }
    }
    return out;
  }

  /**
   * A chosen margin with its held-out figures, the bootstrap lower bound of the cascade/full ratio
   * there (the point ratio when {@code resamples} is 0) and the resamples it took.
   */
  public record Choice(double margin, Figures figures, double ratioLowerBound, int resamples) {}
}
