package io.crisislab.models.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Estimates with 95% confidence intervals: means (Student t), quantiles (distribution-free, from
 * order statistics with binomial ranks), proportions (Wilson score), Poisson rates (exact) and paired
 * differences.
 */
public final class Stats {
  private Stats() {}

  /** z of the standard normal at 0.975. */
  public static final double Z975 = 1.959963984540054;

  /**
   * A point estimate with its 95% interval (null bounds when n is too small).
   *
   * @param value the estimate
   * @param ci95Low lower bound
   * @param ci95High upper bound
   */
  public record Estimate(Double value, Double ci95Low, Double ci95High) {
    /** True when the interval holds {@code x}. */
    public boolean covers(double x) {
      return ci95Low != null && ci95High != null && ci95Low <= x && x <= ci95High;
    }

    /** True when the interval lies strictly on one side of 0. */
    public boolean excludesZero() {
      return ci95Low != null && ci95High != null && (ci95Low > 0 || ci95High < 0);
    }
  }

  /** Finite value or null (JSON has no NaN). */
  public static Double fin(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * A sample described in one pass.
   *
   * @param n sample size
   * @param mean the mean with its Student-t 95% interval (null value for n = 0, null bounds for n &lt; 2)
   * @param sd standard deviation (divisor n - 1); NaN for n &lt; 2
   * @param min smallest value (NaN for n = 0)
   * @param max largest value (NaN for n = 0)
   */
  public record Summary(int n, Estimate mean, double sd, double min, double max) {}

  /** Size, mean with a Student-t 95% interval, standard deviation, min and max of {@code x}. */
  public static Summary summary(double[] x) {
    int n = x.length;
    if (n == 0) {
      return new Summary(0, new Estimate(null, null, null), Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = 0;
    double m2 = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double d = x[i] - mean;
      mean += d / (i + 1);
      m2 += d * (x[i] - mean);
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
    }
    if (n < 2) {
      return new Summary(n, new Estimate(mean, null, null), Double.NaN, min, max);
    }
    double se = Math.sqrt(m2 / (n - 1) / n);
    double t = tQuantile(n - 1);
    return new Summary(n, new Estimate(mean, mean - t * se, mean + t * se), Math.sqrt(m2 / (n - 1)), min, max);
  }

  /** Mean with a Student-t 95% interval. */
  public static Estimate mean(double[] x) {
    return summary(x).mean();
  }

  static double tQuantile(int df) {
    if (df > 1000) {
      return Z975;
    }
    // the generator is never drawn from (inverse CDF only); passed so no default RNG is seeded
    return new TDistribution(drawsNothing(), df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)
        .inverseCumulativeProbability(0.975);
  }

  /**
   * The q-quantile of sorted {@code x} (linear interpolation, Hyndman–Fan type 7) with a
   * distribution-free 95% interval [x_(l), x_(u)] whose ranks come from Binomial(n, q).
   */
  public static Estimate quantileSorted(double[] sorted, double q) {
    int n = sorted.length;
    if (n == 0) {
      return new Estimate(null, null, null);
    }
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    double v = lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[n - 1];
    if (n < 2) {
      return new Estimate(v, null, null);
    }
    int[] r = quantileRanks(n, q);
    Double low = r[0] >= 1 ? sorted[r[0] - 1] : null;
    Double high = r[1] <= n ? sorted[r[1] - 1] : null;
    return new Estimate(v, low, high);
  }

  /**
   * 1-based ranks (l, u) with P(x_(l) &lt;= ξ_q &lt;= x_(u)) &gt;= 0.95; l &lt; 1 or u &gt; n means the
   * bound lies outside the sample (then the interval is open on that side).
   */
  static int[] quantileRanks(int n, double q) {
    BinomialDistribution b = new BinomialDistribution(drawsNothing(), n, q);
    int l = b.inverseCumulativeProbability(0.025);
    int u = b.inverseCumulativeProbability(0.975) + 1;
    return new int[] {l, u};
  }

  /** Wilson score 95% interval for k successes in n. */
  public static Estimate proportion(long k, long n) {
    if (n == 0) {
      return new Estimate(null, null, null);
    }
    double p = (double) k / n;
    double z = Z975;
    double den = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / den;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
    return new Estimate(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * Ratio of means {@code sum(a) / sum(b)} over n paired observations (a share of a total, say),
   * with a delta-method (linearised) normal 95% interval: the residuals {@code a - R b} give the
   * standard error {@code sqrt(sum (a - R b)^2 / (n (n - 1))) / mean(b)}. Value 0 without bounds
   * when {@code sum(b)} is 0; null bounds for n &lt; 2.
   */
  public static Estimate ratio(double[] a, double[] b) {
    int n = a.length;
    if (n != b.length) {
      throw new IllegalArgumentException("ratio of " + n + " and " + b.length + " values");
    }
    if (n == 0) {
      return new Estimate(null, null, null);
    }
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < n; i++) {
      sa += a[i];
      sb += b[i];
    }
    if (sb == 0) {
      return new Estimate(0.0, null, null);
    }
    double r = sa / sb;
    if (n < 2) {
      return new Estimate(r, null, null);
    }
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - r * b[i];
      ss += d * d;
    }
    double se = Math.sqrt(ss / ((double) n * (n - 1))) / (sb / n);
    return new Estimate(r, r - Z975 * se, r + Z975 * se);
  }

  /** The finite values of {@code x}. */
  public static double[] finite(double[] x) {
    int k = 0;
    double[] out = new double[x.length];
    for (double v : x) {
      if (Double.isFinite(v)) {
        out[k++] = v;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /**
   * Type-7 quantile of the first {@code n} values of {@code a}, reordering them (quickselect, O(n)).
   */
  public static double quantileInPlace(double[] a, int n, double q) {
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    double x = select(a, 0, n - 1, lo);
    if (lo + 1 >= n || h == lo) {
      return x;
    }
    double y = Double.POSITIVE_INFINITY;
    for (int i = lo + 1; i < n; i++) {
      y = Math.min(y, a[i]);
    }
    return x + (h - lo) * (y - x);
  }

  /** Hoare quickselect (median-of-three pivot): afterwards a[k] holds the k-th smallest, smaller ones left of it. */
  private static double select(double[] a, int left, int right, int k) {
    while (right > left) {
      int mid = (left + right) >>> 1;
      if (a[mid] < a[left]) {
        swap(a, mid, left);
      }
      if (a[right] < a[left]) {
        swap(a, right, left);
      }
      if (a[right] < a[mid]) {
        swap(a, right, mid);
      }
      double pivot = a[mid];
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /**
   * Paired bootstrap 95% percentile interval of quantile(b) − quantile(a) over pairs where both are
   * finite, with {@code resamples} draws from {@code rng}.
   */
  public static Estimate pairedQuantileDiff(double[] a, double[] b, double q, int resamples, RandomGenerator rng) {
    int n = 0;
    double[] xa = new double[a.length];
    double[] xb = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
        xa[n] = a[i];
        xb[n] = b[i];
        n++;
      }
    }
    if (n < 2) {
      return new Estimate(null, null, null);
    }
    double point = quantileInPlace(Arrays.copyOf(xb, n), n, q) - quantileInPlace(Arrays.copyOf(xa, n), n, q);
    double[] diffs = new double[resamples];
    double[] ra = new double[n];
    double[] rb = new double[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        int j = rng.nextInt(n);
        ra[i] = xa[j];
        rb[i] = xb[j];
      }
      diffs[r] = quantileInPlace(rb, n, q) - quantileInPlace(ra, n, q);
    }
    Arrays.sort(diffs);
    return new Estimate(point, diffs[(int) Math.floor(0.025 * (resamples - 1))],
        diffs[(int) Math.ceil(0.975 * (resamples - 1))]);
  }

  /** Mean of b − a over pairs where both are finite, with a t interval. */
  public static Estimate pairedMeanDiff(double[] a, double[] b) {
    double[] d = new double[a.length];
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
        d[n++] = b[i] - a[i];
      }
    }
    return mean(Arrays.copyOf(d, n));
  }

  /**
   * The rate of {@code k} events over {@code exposure} (e.g. false alarms over observed weeks) with
   * the exact Poisson (Garwood) 95% interval from chi-square quantiles; all null without exposure.
   */
  public static Estimate poissonRate(long k, double exposure) {
    if (!(exposure > 0) || k < 0) {
      return new Estimate(null, null, null);
    }
    double low = k == 0 ? 0 : new ChiSquaredDistribution(drawsNothing(), 2.0 * k).inverseCumulativeProbability(0.025) / 2;
    double high = new ChiSquaredDistribution(drawsNothing(), 2.0 * k + 2).inverseCumulativeProbability(0.975) / 2;
    return new Estimate(k / exposure, low / exposure, high / exposure);
  }

  /** A generator for numerics that draw nothing (inverse CDFs): passed so no default RNG is seeded. */
  private static RandomGenerator drawsNothing() {
    return new JDKRandomGenerator(0);
  }
}
