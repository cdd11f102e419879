package io.crisislab.models.stats;

import io.crisislab.models.run.Seeds;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Percentile bootstrap 95% intervals of statistics over n test rows (resampling rows with
 * replacement), and paired intervals of the difference between two models scored on the same rows
 * (both statistics computed on each resample, so what the rows share cancels). Every call with the
 * same seed draws the same resamples, so intervals of different metrics of one run are of the same
 * resamples and reproducible; derive the seed per purpose ({@code models.run.Seeds}).
 *
 * <p>Resamples are evaluated in parallel (the common fork-join pool): resample r draws its rows from
 * its own generator, seeded from the call's seed and r ({@link #resampleSeed}), so the intervals do
 * not depend on the number of threads or on the order in which resamples run.
 */
public final class Bootstrap {
  /** Resamples per interval: 2.5% and 97.5% order statistics of 1000 draws. */
  public static final int RESAMPLES = 1000;

  private Bootstrap() {}

  /**
   * A statistic of the rows a resample holds ({@code rows[i]} are row indices, repeats allowed).
   * Called concurrently from several threads: it must not write shared state.
   */
  @FunctionalInterface
  public interface Statistic {
    double of(int[] rows);
  }

  /** The statistic over all n rows with its percentile 95% interval; null bounds when n < 2. */
  public static Stats.Estimate interval(int n, Statistic s, int resamples, long seed) {
    return paired(n, rows -> 0.0, s, resamples, seed);
  }

  /**
   * {@code b - a} over all n rows with its paired percentile 95% interval (resamples where either
   * statistic is undefined are skipped); "b better than a" when the interval excludes 0.
   */
  public static Stats.Estimate paired(int n, Statistic a, Statistic b, int resamples, long seed) {
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    double point = b.of(all) - a.of(all);
    if (n < 2 || resamples < 2) {
      return new Stats.Estimate(Stats.fin(point), null, null);
    }
    double[] values = resampled(n, rows -> new double[] {b.of(rows) - a.of(rows)}, resamples, seed)[0];
    // undefined resamples dropped in resample order: the same k values whatever the threads did
    double[] d = new double[resamples];
    int k = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        d[k++] = v;
      }
    }
    if (k < 2) {
      return new Stats.Estimate(Stats.fin(point), null, null);
    }
    Arrays.sort(d, 0, k);
    return new Stats.Estimate(Stats.fin(point), d[(int) Math.floor(0.025 * (k - 1))], d[(int) Math.ceil(0.975 * (k - 1))]);
  }

  /**
   * The statistics of each of {@code resamples} resamples of the n rows, {@code [statistic][resample]}:
   * the one place rows are drawn. Resamples run in parallel, resample r from its own generator
   * ({@link #resampleSeed}), so the values do not depend on the thread count or the order of work.
   */
  private static double[][] resampled(int n, Statistics s, int resamples, long seed) {
    double[][] perResample = new double[resamples][];
    IntStream.range(0, resamples).parallel().forEach(r -> {
      RandomGenerator rng = new MersenneTwister(resampleSeed(seed, r));
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = rng.nextInt(n);
      }
      perResample[r] = s.of(rows);
    });
    double[][] draws = new double[perResample[0].length][resamples];
    for (int r = 0; r < resamples; r++) {
      if (perResample[r].length != draws.length) {
        throw new IllegalArgumentException("a Statistics must return as many values on every resample");
      }
      for (int j = 0; j < draws.length; j++) {
        draws[j][r] = perResample[r][j];
      }
    }
    return draws;
  }

  /** The seed of resample {@code r} under a call's {@code seed}: one independent stream per resample. */
  static long resampleSeed(long seed, int r) {
    return Seeds.derive(seed, "resample-" + r);
  }

  /** Macro recall (over classes present in the resample) of predicted vs true class indices. */
  public static Statistic macroRecall(int[] truth, int[] predicted, int classes) {
    return rows -> {
      long[][] m = new long[classes][classes];
      for (int i : rows) {
        m[truth[i]][predicted[i]]++;
      }
      return Evaluation.macro(Evaluation.recalls(m), m);
    };
  }

  /**
   * ROC AUC of scores p for the positive rows y: {@link Evaluation#aucRoc} of the resample, to the
   * last bit, in O(n) a resample instead of a sort. The rows are ranked once; a resample then only
   * counts how often it holds each row and walks the runs of equal scores in rank order (the rank
   * sums are half-integers below 2^53, exact in double either way).
   */
  public static Statistic aucRoc(double[] p, boolean[] y) {
    for (double v : p) {
      if (Double.isNaN(v)) {
        return rows -> Evaluation.aucRoc(pick(p, rows), pick(y, rows));
      }
    }
    int n = p.length;
    int[] order = IntStream.range(0, n).boxed().sorted((i, j) -> Double.compare(p[i], p[j]))
        .mapToInt(Integer::intValue).toArray();
    // runStart[g] .. runStart[g + 1]: the g-th run of equal scores (-0.0 ties 0.0, as in Evaluation)
    int[] runStart = new int[n + 1];
    int runs = 0;
    for (int q = 0; q < n; q++) {
      if (q == 0 || p[order[q]] != p[order[q - 1]]) {
        runStart[runs++] = q;
      }
    }
    runStart[runs] = n;
    int runCount = runs;
    return rows -> {
      int[] times = new int[n];
      for (int i : rows) {
        times[i]++;
      }
      long pos = 0;
      long below = 0;
      double sumPos = 0;
      for (int g = 0; g < runCount; g++) {
        long c = 0;
        long cp = 0;
        for (int q = runStart[g]; q < runStart[g + 1]; q++) {
          int i = order[q];
          c += times[i];
          if (y[i]) {
            cp += times[i];
          }
        }
        // each positive of the run has the run's average rank, 1-based: below + (c + 1) / 2
        sumPos += cp * (below + (c + 1) / 2.0);
        pos += cp;
        below += c;
      }
      long neg = rows.length - pos;
      if (pos == 0 || neg == 0) {
        return Double.NaN;
      }
      return (sumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    };
  }

  /** Expected calibration error (10 equal-width bins) of probabilities p for outcomes y. */
  public static Statistic ece(double[] p, boolean[] y) {
    return rows -> Evaluation.ece(pick(p, rows), pick(y, rows), 10);
  }

  /** The values of {@code x} at {@code rows}, in that order (repeats allowed): a resample's column. */
  public static double[] pick(double[] x, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = x[rows[i]];
    }
    return out;
  }

  /** The values of {@code x} at {@code rows}, in that order (repeats allowed). */
  public static boolean[] pick(boolean[] x, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = x[rows[i]];
    }
    return out;
  }

  /** Several statistics of the rows a resample holds, computed together ({@code rows} as in {@link Statistic}). */
  @FunctionalInterface
  public interface Statistics {
    double[] of(int[] rows);
  }

  /**
   * For each of the statistics {@code s} returns, its {@code q}-quantile over {@code resamples}
   * resamples of the n rows (the order statistic {@code floor(q (k - 1))} of its k finite values;
   * NaN when none is finite), e.g. a one-sided lower bound with {@code q = 0.05}. The resamples are
   * those {@link #paired} draws for the same seed (run in parallel: {@code s} must not write shared state). For statistics that share work within a resample
   * (one pass over the rows gives them all), where one {@link #interval} per statistic would repeat it.
   */
  public static double[] quantiles(int n, Statistics s, double q, int resamples, long seed) {
    if (n < 1 || resamples < 1 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantiles needs n >= 1, resamples >= 1 and q in [0, 1]");
    }
    double[][] draws = resampled(n, s, resamples, seed);
    double[] out = new double[draws.length];
    for (int j = 0; j < out.length; j++) {
      double[] d = Arrays.stream(draws[j]).filter(Double::isFinite).sorted().toArray();
      out[j] = d.length == 0 ? Double.NaN : d[(int) Math.floor(q * (d.length - 1))];
    }
    return out;
  }
}
