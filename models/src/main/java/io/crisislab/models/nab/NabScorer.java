package io.crisislab.models.nab;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.series.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB-compatible scoring (Numenta Anomaly Benchmark, {@code nab/sweeper.py}), reproduced exactly:
 *
 * <ul>
 *   <li>the first {@code min(floor(0.15 n), 0.15 × 5000)} rows of each file are probationary and
 *       not scored (windows wholly inside it are not scored either);</li>
 *   <li>a detection at row {@code i} inside a window {@code [a, b]} (row indices, width
 *       {@code w = b - a + 1}) is worth {@code tp × σ(-(b - i + 1)/w) / σ(-1)}, where
 *       {@code σ(x) = 2/(1 + e^{5x}) - 1} ({@code -1} for {@code x > 3}); only the best (earliest)
 *       detection of a window counts; a window without one costs {@code fn};</li>
 *   <li>a detection outside every window costs {@code fp × σ(|i - b'|/(w' - 1))} relative to the
 *       previous window {@code [a', b']}, or {@code fp} when no window precedes it;</li>
 *   <li>for score-producing detectors the threshold is swept over every distinct score of all files
 *       together ({@code score >= threshold} is a detection) and the best total kept;</li>
 *   <li>normalised score {@code 100 (S - S_null)/(S_perfect - S_null)} with
 *       {@code S_null = -fn × windows} and {@code S_perfect = tp × windows}.</li>
 * </ul>
 *
 * <p>Windows are matched to rows as NAB does when their ends are bucket timestamps; otherwise a
 * window is snapped inward to the buckets it covers and a warning says so. A window with no bucket
 * in the series is a {@link DataException}.
 */
public final class NabScorer {
  /** Share of each file that is probationary. */
  public static final double PROBATION_PERCENT = 0.15;

  /** Window marker of a row outside every window. */
  public static final int OUTSIDE = -1;
  /** Window marker of a probationary row. */
  public static final int PROBATION = -2;

  private NabScorer() {}

  /** NAB's scaled sigmoid of a relative position (negative inside a window). */
  public static double scaledSigmoid(double position) {
    if (position > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
  }

  /** Probationary rows of a file with {@code rows} rows: rows with index below this are not scored. */
  public static double probationLength(int rows) {
    return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
  }

  /**
   * One file prepared for one profile: each row's score if it were a detection and the window it
   * belongs to ({@link #OUTSIDE}, {@link #PROBATION} or the window's ordinal).
   */
  public static final class FileSweep {
    public final String name;
    public final NabProfile profile;
    /** The row's NAB contribution if detected (weighted). */
    public final double[] sweepScore;
    /** Window ordinal, {@link #OUTSIDE} or {@link #PROBATION}. */
    public final int[] window;
    /** Windows of the file (all of them, including any inside the probationary period). */
    public final int windows;
    /** Windows that have at least one scored row (these are the ones that can be missed). */
    public final boolean[] scored;
    /** First and last row of each window. */
    public final int[] windowStart;
    public final int[] windowEnd;
    /** Repairs made when matching windows to rows. */
    public final List<String> warnings;

    FileSweep(String name, NabProfile profile, double[] sweepScore, int[] window, int[] ws, int[] we, List<String> warnings) {
      this.name = name;
      this.profile = profile;
      this.sweepScore = sweepScore;
      this.window = window;
      this.windows = ws.length;
      this.windowStart = ws;
      this.windowEnd = we;
      this.warnings = List.copyOf(warnings);
      this.scored = new boolean[ws.length];
      for (int w : window) {
        if (w >= 0) {
          scored[w] = true;
        }
      }
    }

    public int rows() {
      return sweepScore.length;
    }
  }

  /**
   * Prepares one file.
   *
   * @param name file or series name (for messages)
   * @param timestamps row timestamps, UTC epoch seconds, strictly increasing
   * @param windows the file's windows, sorted and non-overlapping
   */
  public static FileSweep prepare(String name, long[] timestamps, List<Window> windows, NabProfile profile) {
    int n = timestamps.length;
    List<String> warnings = new ArrayList<>();
    int[] ws = new int[windows.size()];
    int[] we = new int[windows.size()];
    for (int k = 0; k < windows.size(); k++) {
      Window w = windows.get(k);
      int a = lowerBound(timestamps, w.start());
      int b = upperBound(timestamps, w.end()) - 1;
      if (a >= n || b < 0 || a > b) {
        throw new DataException(name + ": window [" + Timestamps.format(w.start()) + ", " + Timestamps.format(w.end())
            + "] has no bucket in the series (" + (n == 0 ? "empty" : Timestamps.format(timestamps[0]) + " .. "
            + Timestamps.format(timestamps[n - 1])) + ")");
      }
      if (timestamps[a] != w.start() || timestamps[b] != w.end()) {
        warnings.add(name + ": window [" + Timestamps.format(w.start()) + ", " + Timestamps.format(w.end())
            + "] does not start and end on bucket timestamps; scored as [" + Timestamps.format(timestamps[a]) + ", "
            + Timestamps.format(timestamps[b]) + "]");
      }
      if (k > 0 && a <= we[k - 1]) {
        throw new DataException(name + ": windows " + (k - 1) + " and " + k + " overlap");
      }
      ws[k] = a;
      we[k] = b;
    }
    double maxTp = scaledSigmoid(-1.0);
    double probation = probationLength(n);
    double[] sweep = new double[n];
    int[] win = new int[n];
    int next = 0;
    int cur = -1;
    int prevEnd = -1;
    double prevWidth = 0;
    for (int i = 0; i < n; i++) {
      if (next < ws.length && i == ws[next]) {
        cur = next++;
      }
      if (cur >= 0) {
        double width = we[cur] - ws[cur] + 1;
        double pos = -(we[cur] - i + 1) / width;
        sweep[i] = scaledSigmoid(pos) * profile.tpWeight() / maxTp;
        win[i] = cur;
      } else {
        double u = prevEnd < 0 ? -1.0 : scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1));
        sweep[i] = u * profile.fpWeight();
        win[i] = OUTSIDE;
      }
      if (i < probation) {
        win[i] = PROBATION;
      }
      if (cur >= 0 && i == we[cur]) {
        prevEnd = i;
        prevWidth = we[cur] - ws[cur] + 1;
        cur = -1;
      }
    }
    return new FileSweep(name, profile, sweep, win, ws, we, warnings);
  }

  private static int lowerBound(long[] a, long key) {
    int i = Arrays.binarySearch(a, key);
    if (i >= 0) {
      return i;
    }
    return -i - 1;
  }

  private static int upperBound(long[] a, long key) {
    int i = Arrays.binarySearch(a, key);
    if (i >= 0) {
      return i + 1;
    }
    return -i - 1;
  }

  /** The score of binary detections on one file, with counts. */
  public record FileScore(String name, double raw, int windows, int detected, int falsePositives) {}

  /** Scores binary detections ({@code alerts[i]} true = detection at row i) on one prepared file. */
  public static FileScore score(FileSweep f, boolean[] alerts) {
    return score(f, alerts, 0, f.rows());
  }

  /**
   * Scores the part {@code [from, to)} of a file: false positives in that range and the windows
   * that start in it (a block of a series for leave-one-incident-out validation).
   */
  public static FileScore score(FileSweep f, boolean[] alerts, int from, int to) {
    if (alerts.length != f.rows()) {
      throw new IllegalArgumentException(f.name + ": " + alerts.length + " alerts for " + f.rows() + " rows");
    }
    double fn = f.profile.fnWeight();
    double[] best = new double[f.windows];
    boolean[] hit = new boolean[f.windows];
    Arrays.fill(best, -fn);
    double fp = 0;
    int fpCount = 0;
    for (int i = from; i < to; i++) {
      if (!alerts[i]) {
        continue;
      }
      int w = f.window[i];
      if (w == OUTSIDE) {
        fp += f.sweepScore[i];
        fpCount++;
      } else if (w >= 0) {
        hit[w] = true;
        if (f.sweepScore[i] > best[w]) {
          best[w] = f.sweepScore[i];
        }
      }
    }
    double raw = fp;
    int detected = 0;
    int windows = 0;
    for (int w = 0; w < f.windows; w++) {
      if (f.windowStart[w] < from || f.windowStart[w] >= to) {
        continue;
      }
      windows++;
      if (f.scored[w]) {
        raw += best[w];
      }
      if (hit[w]) {
        detected++;
      }
    }
    return new FileScore(f.name, raw, windows, detected, fpCount);
  }

  /** One row of NAB's threshold sweep: detections are rows with score >= threshold. */
  public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {}

  /**
   * NAB's sweep over all distinct scores of all files together ({@code Sweeper.calcScoreByThreshold}):
   * one entry per distinct score in descending order, the first (threshold 1.1 in NAB, above every
   * normal score) being the score with nothing detected above it.
   *
   * @param files prepared files (same profile)
   * @param scores anomaly score per row of each file
   */
  public static List<ThresholdScore> sweep(List<FileSweep> files, List<double[]> scores) {
    int total = 0;
    for (int k = 0; k < files.size(); k++) {
      if (scores.get(k).length != files.get(k).rows()) {
        throw new IllegalArgumentException(files.get(k).name + ": " + scores.get(k).length + " scores for "
            + files.get(k).rows() + " rows");
      }
      for (int w : files.get(k).window) {
        if (w != PROBATION) {
          total++;
        }
      }
    }
    double[] sc = new double[total];
    double[] sw = new double[total];
    int[] gw = new int[total];
    int[] offset = new int[files.size() + 1];
    for (int k = 0; k < files.size(); k++) {
      offset[k + 1] = offset[k] + files.get(k).windows;
    }
    int m = 0;
    for (int k = 0; k < files.size(); k++) {
      FileSweep f = files.get(k);
      double[] s = scores.get(k);
      for (int i = 0; i < f.rows(); i++) {
        if (f.window[i] == PROBATION) {
          continue;
        }
        sc[m] = Double.isNaN(s[i]) ? Double.NEGATIVE_INFINITY : s[i]; // a NaN score (warming up) never detects
        sw[m] = f.sweepScore[i];
        gw[m] = f.window[i] >= 0 ? offset[k] + f.window[i] : OUTSIDE;
        m++;
      }
    }
    // descending by score, file order kept among ties (as Python's stable sorted does): rank each
    // point among the distinct scores, then a counting sort by rank (primitive arrays only)
    double[] distinct = sc.clone();
    Arrays.sort(distinct);
    int u = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (i == 0 || Double.compare(distinct[i], distinct[u - 1]) != 0) {
        distinct[u++] = distinct[i];
      }
    }
    int[] start = new int[u + 1];
    int[] rank = new int[total];
    for (int i = 0; i < total; i++) {
      int r = Arrays.binarySearch(distinct, 0, u, sc[i]);
      rank[i] = u - 1 - r; // 0 = highest score
      start[rank[i] + 1]++;
    }
    for (int r = 0; r < u; r++) {
      start[r + 1] += start[r];
    }
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[start[rank[i]]++] = i;
    }
    double fnW = files.isEmpty() ? 0 : files.get(0).profile.fnWeight();
    double[] parts = new double[offset[files.size()]];
    boolean[] present = new boolean[parts.length];
    int tn = 0;
    int fn = 0;
    for (int i = 0; i < total; i++) {
      if (gw[i] >= 0) {
        present[gw[i]] = true;
        fn++;
      } else {
        tn++;
      }
    }
    double windowSum = 0;
    for (int w = 0; w < parts.length; w++) {
      if (present[w]) {
        parts[w] = -fnW;
        windowSum += parts[w];
      }
    }
    double fpSum = 0;
    int tp = 0;
    int fp = 0;
    List<ThresholdScore> out = new ArrayList<>();
    double cur = 1.1;
    for (int idx : order) {
      if (sc[idx] != cur) {
        out.add(new ThresholdScore(cur, fpSum + windowSum, tp, tn, fp, fn));
        cur = sc[idx];
      }
      if (gw[idx] >= 0) {
        tp++;
        fn--;
        if (sw[idx] > parts[gw[idx]]) {
          windowSum += sw[idx] - parts[gw[idx]];
          parts[gw[idx]] = sw[idx];
        }
      } else {
        fp++;
        tn--;
        fpSum += sw[idx];
      }
    }
    out.add(new ThresholdScore(cur, fpSum + windowSum, tp, tn, fp, fn));
    return out;
  }

  /** The sweep entry with the highest score (the highest threshold among ties), as NAB's optimiser picks. */
  public static ThresholdScore best(List<ThresholdScore> sweep) {
    ThresholdScore best = null;
    for (ThresholdScore t : sweep) {
      if (best == null || t.score() > best.score()) {
        best = t;
      }
    }
    return best;
  }

  /** NAB's normalised score: 0 for no detections, 100 for the earliest detection in every window. */
  public static double normalise(double raw, int windows, NabProfile profile) {
    double nullScore = -profile.fnWeight() * windows;
    double perfect = profile.tpWeight() * windows;
    return 100.0 * (raw - nullScore) / (perfect - nullScore);
  }
}
