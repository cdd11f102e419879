package io.crisislab.models.scorer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Fits the {@link Calibration} maps on held-out (raw p_negative, is-negative) pairs, in plain Java:
 * the pairs are a few hundred thousand doubles already on the driver, where a Spark job per map
 * costs seconds of scheduling for milliseconds of arithmetic.
 *
 * <p>{@link #platt}: Platt (1999) scaling, the two-parameter logistic map of {@code logit(p)} fitted
 * by maximum likelihood with Platt's smoothed targets ({@code (n+ + 1) / (n+ + 2)} for a negative
 * post, {@code 1 / (n- + 2)} for the rest, as scikit-learn's sigmoid calibration), by Newton's
 * method with a backtracking line search (Lin, Lin and Weng 2007). {@link #isotonic}: the
 * least-squares non-decreasing step function of p, by pool adjacent violators, with MLlib
 * IsotonicRegression's output form (equal p pooled first; each pooled block keeps its first and last
 * p as boundaries), so {@link Calibration#apply} interpolates between blocks exactly as MLlib's
 * model does.
 */
public final class CalibrationFit {
  /** Newton stops when the gradient's largest component is below this, per pair. */
  private static final double GRADIENT_TOL = 1e-12;
  private static final int MAX_NEWTON_STEPS = 100;

  private CalibrationFit() {}

  /**
   * Platt scaling fitted on the pairs: {@code a, b} of {@code 1 / (1 + exp(-(a * logit(p) + b)))}
   * ({@link Calibration#logit} clamps p to [1e-12, 1 - 1e-12]).
   *
   * @param p raw probabilities, any order
   * @param y whether each post is negative
   * @throws IllegalArgumentException when the arrays are empty or of different lengths
   */
  public static Calibration platt(double[] p, boolean[] y) {
    return platt(p, y, null);
  }

  /**
   * Platt scaling with a weight per pair (the log-likelihood's terms and the counts of Platt's
   * smoothed targets weighted); {@code w} null weighs every pair 1, exactly as {@link #platt(double[], boolean[])}.
   *
   * @param w finite weights >= 0 with a positive sum, or null
   * @throws IllegalArgumentException when the arrays are empty or of different lengths, or a weight is bad
   */
  public static Calibration platt(double[] p, boolean[] y, double[] w) {
    check(p, y, w);
    int n = p.length;
    double[] x = new double[n];
    double[] wt = weights(w, n);
    double pos = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      x[i] = Calibration.logit(p[i]);
      pos += y[i] ? wt[i] : 0;
      total += wt[i];
    }
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (total - pos + 2.0);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = y[i] ? hi : lo;
    }
    // start: a = 0 and b the smoothed base rate's log-odds (Platt's initial point)
    double a = 0;
    double b = Math.log((pos + 1.0) / (total - pos + 1.0));
    double f = loss(x, t, wt, a, b);
    for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-12; // Lin et al.'s small ridge keeps the Hessian positive definite
      double hab = 0;
      double hbb = 1e-12;
      for (int i = 0; i < n; i++) {
        double q = sigmoid(a * x[i] + b);
        double d = wt[i] * (q - t[i]);
        double h = wt[i] * (q * (1 - q));
        ga += d * x[i];
        gb += d;
        haa += h * x[i] * x[i];
        hab += h * x[i];
        hbb += h;
      }
      if (Math.max(Math.abs(ga), Math.abs(gb)) < GRADIENT_TOL * total) {
        break;
      }
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(haa * gb - hab * ga) / det;
      double slope = ga * da + gb * db;
      double stepSize = 1;
      double next = loss(x, t, wt, a + da, b + db);
      while (next > f + 1e-4 * stepSize * slope && stepSize > 1e-10) {
        stepSize /= 2;
        next = loss(x, t, wt, a + stepSize * da, b + stepSize * db);
      }
      if (!(next <= f)) {
        break; // no descent left at double precision
      }
      a += stepSize * da;
      b += stepSize * db;
      f = next;
    }
    return Calibration.platt(a, b);
  }

  /**
   * Isotonic regression of y on p: boundaries are increasing p values, predictions the fitted
   * non-decreasing share of negative posts there.
   *
   * @param p raw probabilities, any order
   * @param y whether each post is negative
   * @throws IllegalArgumentException when the arrays are empty or of different lengths
   */
  public static Calibration isotonic(double[] p, boolean[] y) {
    return isotonic(p, y, null);
  }

  /**
   * Weighted isotonic regression (each pair counts with its weight in the pooled means, as MLlib's
   * weight column); {@code w} null weighs every pair 1, exactly as {@link #isotonic(double[], boolean[])}.
   * Pairs of weight 0 are left out.
   *
   * @param w finite weights >= 0 with a positive sum, or null
   * @throws IllegalArgumentException when the arrays are empty or of different lengths, or a weight is bad
   */
  public static Calibration isotonic(double[] p, boolean[] y, double[] w) {
    check(p, y, w);
    double[] wt = weights(w, p.length);
    Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    // equal p pooled into one point (MLlib's makeUnique): x, weight, sum of y
    int m = 0;
    double[] xs = new double[p.length];
    double[] ws = new double[p.length];
    double[] sums = new double[p.length];
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (wt[i] == 0) {
        continue;
      }
      if (m > 0 && xs[m - 1] == p[i]) {
        ws[m - 1] += wt[i];
        sums[m - 1] += y[i] ? wt[i] : 0;
      } else {
        xs[m] = p[i];
        ws[m] = wt[i];
        sums[m] = y[i] ? wt[i] : 0;
        m++;
      }
    }
    // pool adjacent violators; a block is [start, end[start]]; merging on >= leaves strictly
    // increasing block means (MLlib's rule, so the output is as compact as MLlib's)
    int[] end = new int[m];
    int[] start = new int[m];
    for (int i = 0; i < m; i++) {
      end[i] = i;
      start[i] = i;
    }
    int i = 0;
    while (end[i] + 1 < m) {
      int next = end[i] + 1;
      if (sums[i] / ws[i] >= sums[next] / ws[next]) {
        merge(i, next, start, end, ws, sums);
        while (i > 0 && sums[start[i - 1]] / ws[start[i - 1]] >= sums[i] / ws[i]) {
          int prev = start[i - 1];
          merge(prev, i, start, end, ws, sums);
          i = prev;
        }
      } else {
        i = next;
      }
    }
    double[] bounds = new double[2 * m];
    double[] preds = new double[2 * m];
    int k = 0;
    for (i = 0; i < m; i = end[i] + 1) {
      double mean = sums[i] / ws[i];
      bounds[k] = xs[i];
      preds[k++] = mean;
      if (end[i] > i) {
        bounds[k] = xs[end[i]];
        preds[k++] = mean;
      }
    }
    return Calibration.isotonic(Arrays.copyOf(bounds, k), Arrays.copyOf(preds, k));
  }

  private static void merge(int first, int second, int[] start, int[] end, double[] ws, double[] sums) {
    int last = end[second];
    end[first] = last;
    start[last] = first;
    ws[first] += ws[second];
    sums[first] += sums[second];
  }

  /** Platt's objective: weighted cross-entropy of targets t against sigmoid(a x + b), computed without overflow. */
  private static double loss(double[] x, double[] t, double[] wt, double a, double b) {
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      // -t ln s(z) - (1 - t) ln(1 - s(z)) = ln(1 + e^z) - t z
      f += wt[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i] * z);
    }
    return f;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static void check(double[] p, boolean[] y, double[] w) {
    if (p.length == 0 || p.length != y.length) {
      throw new IllegalArgumentException("calibration needs one or more (p, y) pairs, got " + p.length + " p and "
          + y.length + " y");
    }
    checkWeights(w, p.length);
  }

  /** Fails unless {@code w} is null or n finite values >= 0 with a positive sum (the weights of n pairs). */
  static void checkWeights(double[] w, int n) {
    if (w != null && (w.length != n || Arrays.stream(w).anyMatch(v -> !(v >= 0 && v < Double.POSITIVE_INFINITY))
        || !(Arrays.stream(w).sum() > 0))) {
      throw new IllegalArgumentException("calibration weights must be one finite value >= 0 per pair, with a positive sum");
    }
  }

  /** {@code w}, or n weights of 1. */
  static double[] weights(double[] w, int n) {
    if (w != null) {
      return w;
    }
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    return ones;
  }
}
