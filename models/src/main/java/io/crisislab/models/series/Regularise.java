package io.crisislab.models.series;

import io.crisislab.models.errors.DataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts irregular observations on a regular bucket grid: sorts out-of-order rows, snaps off-grid
 * timestamps down to their bucket, sums rows that land in the same bucket and fills missing buckets
 * with explicit zeros. Every repair is reported as a warning; bad values (negative, not finite) are
 * a {@link DataException} naming the source and row.
 */
public final class Regularise {
  private Regularise() {}

  /**
   * Regularises one series.
   *
   * @param id series id
   * @param source file or dataset name used in messages
   * @param time UTC epoch seconds per observation, any order
   * @param value count per observation (non-negative)
   * @param negative negative count per observation, or null
   * @param bucketSeconds bucket width; 0 infers it as the most common step between sorted rows
   * @param lines 1-based file line of each observation, named in errors as {@code source:line}; null
   *     when the observations do not come from a text file (errors then name the 1-based observation)
   */
  public static SeriesLoad of(String id, String source, long[] time, double[] value, double[] negative, int bucketSeconds,
      int[] lines) {
    int n = time.length;
    if (n == 0) {
      throw new DataException(source + ": series '" + id + "' has no rows");
    }
    for (int i = 0; i < n; i++) {
      String where = lines == null ? source + ": observation " + (i + 1) : source + ":" + lines[i];
      check(where, "value", value[i]);
      if (negative != null) {
        check(where, "negative count", negative[i]);
      }
    }
    List<String> warnings = new ArrayList<>();
    Integer[] order = new Integer[n];
    int outOfOrder = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && time[i] < time[i - 1]) {
        outOfOrder++;
      }
    }
    if (outOfOrder > 0) {
      Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
      warnings.add(String.format(Locale.ROOT, "%s: %d row(s) out of time order; sorted", source, outOfOrder));
    }
    int step = bucketSeconds > 0 ? bucketSeconds : inferStep(time, order, source, id);
    long t0 = time[order[0]];
    long last = time[order[n - 1]];
    long buckets = (last - t0) / step + 1;
    if (buckets > 50_000_000L) {
      throw new DataException(source + ": series '" + id + "' would need " + buckets + " buckets of " + step + " s");
    }
    int m = (int) buckets;
    long[] starts = new long[m];
    double[] counts = new double[m];
    double[] negs = negative == null ? null : new double[m];
    boolean[] seen = new boolean[m];
    int offGrid = 0;
    int merged = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      long off = time[i] - t0;
      if (off % step != 0) {
        offGrid++;
      }
      int b = (int) (off / step);
      if (seen[b]) {
        merged++;
      }
      seen[b] = true;
      counts[b] += value[i];
      if (negs != null) {
        negs[b] += negative[i];
      }
    }
    int filled = 0;
    for (int b = 0; b < m; b++) {
      starts[b] = t0 + (long) b * step;
      if (!seen[b]) {
        filled++;
      }
    }
    if (offGrid > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d row(s) off the %d s grid; counted in the bucket they fall in", source, offGrid, step));
    }
    if (merged > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d row(s) share a bucket with another row; summed", source, merged));
    }
    if (filled > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d missing bucket(s) filled with explicit zeros", source, filled));
    }
    double min = Arrays.stream(counts).min().orElse(0);
    double max = Arrays.stream(counts).max().orElse(0);
    if (min == max) {
      warnings.add(String.format(Locale.ROOT, "%s: series '%s' is constant (%s); detectors cannot alert on it", source, id, fmt(min)));
    }
    return new SeriesLoad(new Series(id, step, starts, counts, negs), warnings);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void check(String where, String what, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new DataException(where + ": " + what + " is not a finite number");
    }
    if (v < 0) {
      throw new DataException(where + ": " + what + " is negative (" + v + "); counts must be >= 0");
    }
  }

  private static int inferStep(long[] time, Integer[] order, String source, String id) {
    Map<Long, Integer> freq = new HashMap<>();
    for (int k = 1; k < order.length; k++) {
      long d = time[order[k]] - time[order[k - 1]];
      if (d > 0) {
        freq.merge(d, 1, Integer::sum);
      }
    }
    if (freq.isEmpty()) {
      throw new DataException(source + ": series '" + id + "' has a single timestamp; cannot infer the bucket width (give it explicitly)");
    }
    long best = freq.entrySet().stream()
        .max((a, b) -> a.getValue().equals(b.getValue()) ? Long.compare(b.getKey(), a.getKey()) : Integer.compare(a.getValue(), b.getValue()))
        .get().getKey();
    if (best > Integer.MAX_VALUE) {
      throw new DataException(source + ": inferred bucket width " + best + " s is too large");
    }
    return (int) best;
  }
}
