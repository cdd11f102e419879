package io.crisislab.jobs.series;

import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.html.Html;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.Window;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report of rules applied to series, shared by {@code replay} and {@code tune}:
 * {@code report.html} (self-contained) with, for each incident, a chart of the series around its
 * window (window shaded, alerts as red lines, the score below), a lead-time table, the NAB and
 * operational figures and every warning; the charts are also written as PNG files under
 * {@code charts/}.
 */
public final class AlertsReport {
  private AlertsReport() {}

  /** Writes the report into {@code dir}; returns the number of charts drawn. */
  public static int write(Path dir, String title, String subtitle, List<Replay.Applied> applied, Replay.Scores scores,
      List<String> warnings, List<String> preface, int maxCharts) throws java.io.IOException {
    Html h = new Html();
    h.section("summary", "Summary");
    for (String p : preface) {
      h.p(p);
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Replay.Applied a : applied) {
      Series s = a.series();
      rows.add(List.of(s.id(), s.size(), s.bucketSeconds(), a.alertCount(), a.windows() == null ? 0 : a.windows().size(),
          Replay.describe(a.spec()), a.ruleSource()));
    }
    h.table(List.of("series", "buckets", "bucket s", "alerts", "windows", "rule", "rule from"), rows);
    if (scores != null) {
      List<List<Object>> nab = new ArrayList<>();
      scores.nabNormalised().forEach((k, v) -> {
        Replay.Swept sw = scores.swept().get(k);
        nab.add(Arrays.asList(k, v, scores.nabRaw().get(k), sw == null ? null : sw.normalised(), sw == null ? null : sw.threshold()));
      });
      h.h3("NAB score of these alerts (0 = no detections, 100 = perfect)");
      h.table(List.of("profile", "normalised", "raw", "NAB-swept raw scores (in-sample)", "swept threshold"), nab);
      h.note("The first columns score the rule's alerts as they are. The swept columns are what NAB itself reports for a "
          + "score-producing detector: the threshold on the raw scores (no persistence or cool-down) that is best on "
          + "these very series — an in-sample figure, shown for comparison with published NAB results.");
      OperationalScore op = scores.operational();
      h.h3("Operational figures");
      h.table(List.of("incidents", "detected", "median delay from window start (min)", "worst delay (min)",
              "median lead before peak (min)", "worst lead (min)", "false alarms", "weeks", "false alarms / week", "alert-hours"),
          List.of(Arrays.asList(op.incidents(), op.detected(), op.medianDelayMinutes(), op.worstDelayMinutes(),
              op.medianLeadTimeMinutes(), op.worstLeadTimeMinutes(), op.falseAlarms(), op.weeks(), op.falseAlarmsPerWeek(),
              op.alertHours())));
      h.note("Peak = the labelled instant when given, else the window centre (NAB windows are centred on the label). "
          + "False alarms are runs of alerting buckets outside every window, after the warm-up (NAB probationary period).");
    }
    if (!warnings.isEmpty()) {
      h.h3("Warnings");
      for (String w : warnings) {
        h.warn(w);
      }
    }
    h.endSection();
    int charts = 0;
    Path chartDir = dir.resolve("charts");
    Files.createDirectories(chartDir);
    if (scores != null) {
      h.section("incidents", "Incidents");
      List<List<Object>> lead = new ArrayList<>();
      for (OperationalScore.Incident inc : scores.incidents()) {
        lead.add(Arrays.asList(inc.series(), Timestamps.format(inc.window().start()), Timestamps.format(inc.window().end()),
            Timestamps.format(inc.peak()), inc.firstAlert() == null ? "missed" : Timestamps.format(inc.firstAlert()),
            inc.delayMinutes(), inc.leadTimeMinutes()));
      }
      h.h3("Lead times");
      h.table(List.of("series", "window start", "window end", "peak", "first alert", "delay from start (min)",
          "lead before peak (min)"), lead);
      h.figs();
      for (Replay.Applied a : applied) {
        for (int k = 0; k < a.windows().size() && charts < maxCharts; k++) {
          Window w = a.windows().get(k);
          long width = w.end() - w.start();
          Charts.Png png = chart(a, w.start() - width, w.end() + width / 2,
              a.series().id() + " — incident " + (k + 1) + " (" + Timestamps.format(w.start()) + ")");
          h.chart(png);
          Files.write(chartDir.resolve(safe(a.series().id()) + "-incident-" + (k + 1) + ".png"), png.bytes());
          charts++;
        }
      }
      h.endFigs();
      if (charts >= maxCharts) {
        h.note("Chart limit reached (" + maxCharts + "); the lead-time table lists every incident.");
      }
      h.endSection();
    }
    h.section("series", "Series");
    h.figs();
    for (Replay.Applied a : applied) {
      if (charts >= maxCharts) {
        h.note("Chart limit reached (" + maxCharts + ").");
        break;
      }
      Series s = a.series();
      Charts.Png png = chart(a, s.bucketStart()[0], s.bucketStart()[s.size() - 1], s.id() + " — whole series");
      h.chart(png);
      Files.write(chartDir.resolve(safe(s.id()) + ".png"), png.bytes());
      charts++;
    }
    h.endFigs();
    h.endSection();
    AtomicFiles.writeString(dir.resolve("report.html"), h.page(title, subtitle));
    return charts;
  }

  static Charts.Png chart(Replay.Applied a, long from, long to, String title) {
    Series s = a.series();
    int i0 = 0;
    while (i0 < s.size() && s.bucketStart()[i0] < from) {
      i0++;
    }
    int i1 = i0;
    while (i1 < s.size() && s.bucketStart()[i1] <= to) {
      i1++;
    }
    int n = Math.max(1, i1 - i0);
    // at most ~1500 points per chart: larger ranges show per-step maxima (spikes stay visible)
    int step = Math.max(1, (int) Math.ceil(n / 1500.0));
    int m = (n + step - 1) / step;
    long[] t = new long[m];
    double[] v = new double[m];
    for (int j = 0; j < m; j++) {
      int a0 = i0 + j * step;
      t[j] = s.bucketStart()[Math.min(a0, s.size() - 1)] * 1000L;
      double mx = 0;
      for (int i = a0; i < Math.min(a0 + step, i1); i++) {
        mx = Math.max(mx, s.count()[i]);
      }
      v[j] = mx;
    }
    List<Charts.Span> spans = new ArrayList<>();
    if (a.windows() != null) {
      for (Window w : a.windows()) {
        if (w.end() >= from && w.start() <= to) {
          spans.add(new Charts.Span(w.start() * 1000L, w.end() * 1000L));
        }
      }
    }
    List<Long> al = new ArrayList<>();
    for (int i = i0; i < i1; i++) {
      if (a.alerts()[i]) {
        al.add(s.bucketStart()[i] * 1000L);
      }
    }
    return Charts.timeline(title, "posts / " + s.bucketSeconds() + " s", t, List.of(v), List.of(s.id()), spans,
        al.stream().mapToLong(Long::longValue).toArray());
  }

  static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
  }
}
