package io.crisislab.models.nab;

import io.crisislab.models.detect.AlertRule;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies rules to series and scores the alerts against windows: the Spark-free heart of
 * {@code replay} and of {@code tune}'s validation, and what a live tool or a test runs to see what a
 * rule would have done. Each series is fed bucket by bucket through a fresh {@link AlertRule},
 * exactly as a live tool would. (In {@code nab}, not {@code detect}: it scores against windows, and
 * {@code detect} must not depend on {@code nab}.)
 */
public final class Replay {
  private Replay() {}

  /** A rule's output on one series: per bucket the detector score (NaN while warming up) and whether it alerted. */
  public record Run(double[] scores, boolean[] alerts) {}

  /**
   * The rule applied to one series and where it came from.
   *
   * @param brand brand of a posts series, null for a CSV series
   * @param channel channel of a posts series, null for a CSV series
   * @param measure what the series counts ({@code count}, {@code negative}, {@code expected-negative})
   * @param ruleSource where the rule came from (shown in reports)
   * @param peaks each window's peak instant (UTC epoch seconds), or null for the window centres
   */
  public record Applied(Series series, String brand, String channel, String measure, DetectorSpec spec,
      String ruleSource, Run run, List<Window> windows, long[] peaks) {
    public double[] scores() {
      return run.scores();
    }

    public boolean[] alerts() {
      return run.alerts();
    }

    /** Alert timestamps in {@code alerts.json} form. */
    public List<String> alertTimes() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < alerts().length; i++) {
        if (alerts()[i]) {
          out.add(Timestamps.format(series().bucketStart()[i]));
        }
      }
      return out;
    }

    public int alertCount() {
      int n = 0;
      for (boolean a : alerts()) {
        n += a ? 1 : 0;
      }
      return n;
    }
  }

  /** Runs {@code spec} over {@code s} one bucket at a time. */
  public static Run run(DetectorSpec spec, Series s) {
    AlertRule rule = spec.newRule();
    double[] scores = new double[s.size()];
    boolean[] alerts = new boolean[s.size()];
    for (int i = 0; i < s.size(); i++) {
      AlertRule.Decision d = rule.step(s.bucketStart()[i], s.count()[i]);
      scores[i] = d.score();
      alerts[i] = d.alert();
    }
    return new Run(scores, alerts);
  }

  /** Runs {@code spec} over a series and keeps what is needed to score and report it. */
  public static Applied apply(Series s, String brand, String channel, String measure, DetectorSpec spec, String source,
      List<Window> windows, long[] peaks) {
    return new Applied(s, brand, channel, measure, spec, source, run(spec, s), windows, peaks);
  }

  /**
   * Matches windows to series: returns per series id its windows (empty list when the windows file
   * has none for it), adding warnings for series without windows and keys that match no series.
   */
  public static Map<String, List<Window>> match(Map<String, List<Window>> windows, List<String> seriesIds,
      List<String> warnings) {
    Map<String, List<Window>> out = new LinkedHashMap<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (String id : seriesIds) {
      String k = NabWindows.keyFor(windows, id);
      if (k == null) {
        warnings.add("series " + id + " has no windows in the windows file; scored as incident-free (every alert a false alarm)");
        out.put(id, List.of());
      } else {
        used.add(k);
        out.put(id, windows.get(k));
      }
    }
    for (String k : windows.keySet()) {
      if (!used.contains(k)) {
        warnings.add("windows for '" + k + "' match no series; ignored");
      }
    }
    if (used.isEmpty() && !windows.isEmpty()) {
      throw new DataException("no key of the windows file matches a series (keys: " + windows.keySet() + ")");
    }
    return out;
  }

  /** NAB scores of binary alerts per profile, with the operational figures. */
  public record Scores(Map<String, Double> nabNormalised, Map<String, Double> nabRaw, int windows,
      OperationalScore operational, List<OperationalScore.Incident> incidents, List<String> warnings,
      Map<String, Swept> swept) {}

  /**
   * NAB's own threshold sweep over the detectors' raw scores (before persistence and cool-down),
   * as NAB scores a score-producing detector: the best threshold over these series, in-sample.
   */
  public record Swept(double threshold, double normalised) {}

  /** Scores applied rules that have windows (NAB over all of them together, no threshold sweep). */
  public static Scores score(List<Applied> applied, List<NabProfile> profiles) {
    Map<String, Double> norm = new TreeMap<>();
    Map<String, Double> raw = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    int windows = 0;
    for (Applied a : applied) {
      windows += a.windows().size();
    }
    for (NabProfile p : profiles) {
      double total = 0;
      for (Applied a : applied) {
        NabScorer.FileSweep f = NabScorer.prepare(a.series().id(), a.series().bucketStart(), a.windows(), p);
        if (p == profiles.get(0)) {
          warnings.addAll(f.warnings);
        }
        total += NabScorer.score(f, a.alerts()).raw();
      }
      raw.put(p.name(), total);
      norm.put(p.name(), windows == 0 ? Double.NaN : NabScorer.normalise(total, windows, p));
    }
    List<OperationalScore.Input> inputs = new ArrayList<>();
    List<OperationalScore.Incident> incidents = new ArrayList<>();
    for (Applied a : applied) {
      Series s = a.series();
      OperationalScore.Input in = new OperationalScore.Input(s.bucketStart(), s.bucketSeconds(), a.alerts(), a.windows(),
          a.peaks(), (int) Math.ceil(NabScorer.probationLength(s.size())));
      inputs.add(in);
      incidents.addAll(OperationalScore.incidents(s.id(), in));
    }
    Map<String, Swept> swept = new TreeMap<>();
    if (windows > 0) {
      for (NabProfile p : profiles) {
        List<NabScorer.FileSweep> files = new ArrayList<>();
        List<double[]> sc = new ArrayList<>();
        for (Applied a : applied) {
          files.add(NabScorer.prepare(a.series().id(), a.series().bucketStart(), a.windows(), p));
          double[] s = a.scores().clone();
          for (int i = 0; i < s.length; i++) {
            if (Double.isNaN(s[i])) {
              s[i] = Double.NEGATIVE_INFINITY; // warming up: never a detection
            }
          }
          sc.add(s);
        }
        NabScorer.ThresholdScore best = NabScorer.best(NabScorer.sweep(files, sc));
        swept.put(p.name(), new Swept(best.threshold(), NabScorer.normalise(best.score(), windows, p)));
      }
    }
    return new Scores(norm, raw, windows, OperationalScore.of(inputs), incidents, warnings, swept);
  }

  /** Mean count a bucket of a series (the volume a rule's validated range is stated in). */
  public static double meanCountPerBucket(Series s) {
    double total = 0;
    for (double v : s.count()) {
      total += v;
    }
    return s.size() == 0 ? 0 : total / s.size();
  }

  /** A readable one-line description of a spec. */
  public static String describe(DetectorSpec s) {
    StringBuilder b = new StringBuilder(s.detector()).append('(');
    boolean first = true;
    for (Map.Entry<String, Double> e : s.params().entrySet()) {
      b.append(first ? "" : ", ").append(e.getKey()).append('=').append(fmt(e.getValue()));
      first = false;
    }
    b.append(") ≥ ").append(fmt(s.threshold()));
    if (s.persistenceN() > 1) {
      b.append(", ").append(s.persistenceK()).append(" of ").append(s.persistenceN());
    }
    if (s.cooldownBuckets() > 0) {
      b.append(", cool-down ").append(s.cooldownBuckets()).append(" buckets");
    }
    return b.toString();
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }
}
