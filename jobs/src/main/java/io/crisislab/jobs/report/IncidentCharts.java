package io.crisislab.jobs.report;

import io.crisislab.jobs.html.Html;
import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.series.ReplaySummary;
import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.Timestamps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Per-incident charts of a replay run: the series around each incident window (shaded) with the
 * buckets where the rule alerted (from the run's {@code alerts.json}) marked in red. The series are
 * rebuilt through the replay job's own loader from the input, bucket and measure its manifest
 * records, so the chart shows exactly what the rule saw.
 */
final class IncidentCharts {
  /** At most this many incident charts per replay run (the table lists them all). */
  static final int MAX_CHARTS = 12;

  private IncidentCharts() {}

  static void render(SparkSession spark, Report r, RunInfo ri, ReplaySummary replay) {
    List<ReplaySummary.IncidentRow> incidents = replay.incidents();
    JsonNode alerts = ri.json("alerts.json").orElse(null);
    if (incidents == null || incidents.isEmpty() || alerts == null) {
      return;
    }
    Map<String, Series> series = load(spark, r, ri);
    if (series.isEmpty()) {
      return;
    }
    r.html.p("Incidents: the series around each window (shaded), red lines where the rule alerted");
    r.html.figs();
    int shown = 0;
    for (ReplaySummary.IncidentRow inc : incidents) {
      if (shown >= MAX_CHARTS) {
        r.html.note((incidents.size() - shown) + " more incident(s) in the table above; charts limited to " + MAX_CHARTS);
        break;
      }
      String id = inc.series();
      Series s = series.get(id);
      Long start = Timestamps.tryParse(inc.windowStart());
      Long end = Timestamps.tryParse(inc.windowEnd());
      if (s == null || start == null || end == null) {
        continue;
      }
      long span = Math.max(end - start, 3600);
      long from = start - 2 * span;
      long to = end + span;
      List<Long> t = new ArrayList<>();
      List<Double> v = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        long b = s.bucketStart()[i];
        if (b >= from && b <= to) {
          t.add(b * 1000);
          v.add(s.count()[i]);
        }
      }
      List<Long> marks = new ArrayList<>();
      for (JsonNode a : alerts.path(id)) {
        Long at = Timestamps.tryParse(a.asText());
        if (at != null && at >= from && at <= to) {
          marks.add(at * 1000);
        }
      }
      if (t.size() < 2) {
        continue;
      }
      Double lead = inc.leadTimeMinutes();
      String title = id + " — " + Html.when(Postmortem.parse(inc.windowStart()))
          + (inc.firstAlert() == null ? " (missed)" : lead == null ? "" : ", lead " + SimulationSection.readable(lead));
      r.html.chart(Charts.timeline(title, measure(ri) + " per " + s.bucketSeconds() / 60 + "-min bucket",
          t.stream().mapToLong(Long::longValue).toArray(),
          List.of(v.stream().mapToDouble(Double::doubleValue).toArray()), List.of(id),
          List.of(new Charts.Span(start * 1000, end * 1000)), marks.stream().mapToLong(Long::longValue).toArray()));
      shown++;
    }
    r.html.endFigs();
  }

  /** The replay's series by id, loaded as the replay loaded them; empty (with a warning) if that fails. */
  /** What the series counts, in words, from the replay run's {@code --measure}. */
  private static String measure(RunInfo ri) {
    Object m = ri.manifest().config().get("job") instanceof Map<?, ?> cfg ? cfg.get("measure") : null;
    return switch (m == null ? "" : String.valueOf(m)) {
      case "negative" -> "negative posts";
      case "expected-negative" -> "expected negative posts";
      case "count" -> "posts";
      default -> "count";
    };
  }

  private static Map<String, Series> load(SparkSession spark, Report r, RunInfo ri) {
    Map<String, Series> out = new HashMap<>();
    Object job = ri.manifest().config().get("job");
    if (!(job instanceof Map<?, ?> cfg) || cfg.get("series") == null) {
      return out;
    }
    Path path = ri.configPath(cfg.get("series"));
    int bucket = cfg.get("bucketSeconds") instanceof Number n ? n.intValue() : 0;
    String measure = cfg.get("measure") == null ? "auto" : String.valueOf(cfg.get("measure"));
    try {
      for (SeriesSource.Loaded l : SeriesSource.load(spark, path, bucket, measure)) {
        out.put(l.series().id(), l.series());
      }
    } catch (RuntimeException e) {
      r.warn("replay " + ri.runId() + ": cannot reload its series for the incident charts (" + e.getMessage() + ")");
    }
    return out;
  }
}
