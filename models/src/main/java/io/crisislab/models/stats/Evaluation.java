package io.crisislab.models.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation arithmetic on predictions collected to the driver (test sets are thousands of rows).
 * "Positive" is always the negative-sentiment class: {@code y[i]} is true when post i is negative and
 * {@code p[i]} its predicted probability of being negative.
 */
public final class Evaluation {
  private Evaluation() {}

  /** Area under the ROC curve (Mann-Whitney U with average ranks for ties); NaN if one class is absent. */
  public static double aucRoc(double[] p, boolean[] y) {
    // ranks from a primitive sorted copy (the bootstrap calls this a thousand times per metric)
    double[] sorted = p.clone();
    Arrays.sort(sorted);
    long pos = 0;
    double sumPos = 0;
    for (int i = 0; i < p.length; i++) {
      if (y[i]) {
        pos++;
        // p[i] and its ties hold sorted positions [first, last]: their average rank, 1-based
        sumPos += (firstAtLeast(sorted, p[i]) + firstAbove(sorted, p[i]) - 1) / 2.0 + 1;
      }
    }
    long neg = p.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (sumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** The first index of ascending {@code a} whose value is not below {@code v}. */
  private static int firstAtLeast(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index of ascending {@code a} whose value is above {@code v}. */
  private static int firstAbove(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Area under the precision-recall curve as average precision: sum over distinct thresholds
   * (descending) of (recall gain) x precision, as scikit-learn's average_precision_score.
   */
  public static double aucPr(double[] p, boolean[] y) {
    long pos = positives(y);
    if (pos == 0) {
      return Double.NaN;
    }
    double ap = 0;
    double lastRecall = 0;
    for (long[] c : sweep(p, y)) {
      double recall = c[0] / (double) pos;
      ap += (recall - lastRecall) * (c[0] / (double) (c[0] + c[1]));
      lastRecall = recall;
    }
    return ap;
  }

  /**
   * Cumulative (true positives, false positives) when flagging every p at or above each distinct
   * value of p, from the highest down: the points every threshold curve is drawn from.
   */
  private static List<long[]> sweep(double[] p, boolean[] y) {
    Integer[] order = sortedIndex(p);
    List<long[]> out = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (int i = p.length - 1; i >= 0; ) {
      int j = i;
      while (j >= 0 && p[order[j]] == p[order[i]]) {
        if (y[order[j]]) {
          tp++;
        } else {
          fp++;
        }
        j--;
      }
      out.add(new long[] {tp, fp});
      i = j;
    }
    return out;
  }

  private static long positives(boolean[] y) {
    long pos = 0;
    for (boolean b : y) {
      pos += b ? 1 : 0;
    }
    return pos;
  }

  /** Expected calibration error over {@code bins} equal-width bins of p (bin weight = share of posts). */
  public static double ece(double[] p, boolean[] y, int bins) {
    double e = 0;
    for (Bin b : reliability(p, y, bins)) {
      e += b.n() / (double) p.length * Math.abs(b.meanPredicted() - b.observed());
    }
    return e;
  }

  /** One reliability-diagram bin: mean predicted, observed share, count. */
  public record Bin(double lo, double hi, double meanPredicted, double observed, long n) {}

  /** The reliability diagram's bins (empty bins omitted). */
  public static List<Bin> reliability(double[] p, boolean[] y, int bins) {
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    long[] cnt = new long[bins];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p[i] * bins)));
      sumP[b] += p[i];
      sumY[b] += y[i] ? 1 : 0;
      cnt[b]++;
    }
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (cnt[b] > 0) {
        out.add(new Bin(b / (double) bins, (b + 1) / (double) bins, sumP[b] / cnt[b], sumY[b] / cnt[b], cnt[b]));
      }
    }
    return out;
  }

  /** Precision and recall of "negative" when flagging p >= t. */
  public record PrecisionRecall(double threshold, double precision, double recall, long flagged) {}

  public static PrecisionRecall at(double[] p, boolean[] y, double t) {
    long tp = 0;
    long fp = 0;
    long pos = 0;
    for (int i = 0; i < p.length; i++) {
      boolean flag = p[i] >= t;
      if (y[i]) {
        pos++;
      }
      if (flag && y[i]) {
        tp++;
      } else if (flag) {
        fp++;
      }
    }
    double precision = tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
    double recall = pos == 0 ? Double.NaN : tp / (double) pos;
    return new PrecisionRecall(t, precision, recall, tp + fp);
  }

  /** ROC points (fpr, tpr) at every distinct threshold, from (0,0) to (1,1). */
  public static List<double[]> rocCurve(double[] p, boolean[] y) {
    return curve(p, y, true);
  }

  /** PR points (recall, precision) at every distinct threshold. */
  public static List<double[]> prCurve(double[] p, boolean[] y) {
    return curve(p, y, false);
  }

  private static List<double[]> curve(double[] p, boolean[] y, boolean roc) {
    long pos = positives(y);
    long neg = p.length - pos;
    List<double[]> pts = new ArrayList<>();
    if (roc) {
      pts.add(new double[] {0, 0});
    }
    for (long[] c : sweep(p, y)) {
      long tp = c[0];
      long fp = c[1];
      if (roc) {
        pts.add(new double[] {neg == 0 ? 0 : fp / (double) neg, pos == 0 ? 0 : tp / (double) pos});
      } else {
        pts.add(new double[] {pos == 0 ? 0 : tp / (double) pos, tp / (double) (tp + fp)});
      }
    }
    return pts;
  }

  /** Confusion matrix counts: rows true class, columns predicted class. */
  public static long[][] confusion(int[] truth, int[] predicted, int classes) {
    long[][] m = new long[classes][classes];
    for (int i = 0; i < truth.length; i++) {
      m[truth[i]][predicted[i]]++;
    }
    return m;
  }

  /** Recall per class from a confusion matrix (NaN for a class absent from the truth). */
  public static double[] recalls(long[][] m) {
    double[] r = new double[m.length];
    for (int c = 0; c < m.length; c++) {
      long row = Arrays.stream(m[c]).sum();
      r[c] = row == 0 ? Double.NaN : m[c][c] / (double) row;
    }
    return r;
  }

  /** F1 per class from a confusion matrix (0 when the class is never predicted nor present). */
  public static double[] f1s(long[][] m) {
    double[] f = new double[m.length];
    for (int c = 0; c < m.length; c++) {
      long row = Arrays.stream(m[c]).sum();
      long col = 0;
      for (long[] r : m) {
        col += r[c];
      }
      double prec = col == 0 ? 0 : m[c][c] / (double) col;
      double rec = row == 0 ? 0 : m[c][c] / (double) row;
      f[c] = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
    }
    return f;
  }

  /** Mean over the classes present in the truth (rows with a non-zero sum). */
  public static double macro(double[] perClass, long[][] m) {
    double s = 0;
    int k = 0;
    for (int c = 0; c < perClass.length; c++) {
      if (Arrays.stream(m[c]).sum() > 0) {
        s += perClass[c];
        k++;
      }
    }
    return k == 0 ? Double.NaN : s / k;
  }

  public static double accuracy(long[][] m) {
    long ok = 0;
    long all = 0;
    for (int c = 0; c < m.length; c++) {
      ok += m[c][c];
      all += Arrays.stream(m[c]).sum();
    }
    return all == 0 ? Double.NaN : ok / (double) all;
  }

  /** Confusion matrix as a JSON-friendly map: labels and rows (true) by columns (predicted). */
  public static Map<String, Object> confusionJson(List<String> labels, long[][] m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("labels", labels);
    out.put("rowsTrueColumnsPredicted", m);
    return out;
  }

  private static Integer[] sortedIndex(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    return order;
  }
}
