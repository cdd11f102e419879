package io.crisislab.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.crisislab.jobs.run.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code postmortem.md}, for PR leads: one incident at a time, a timeline (the incident window
 * opening = first negative signal, when the tuned rule alerted, the peak, when the plan's milestones
 * would land at p50 and p90), the top reasons among the negative posts of the window, and what to
 * change in the plan (bottleneck, strongest what-if, plan comparison). Every figure is one the
 * report's other sections computed; the same items go to {@code summary.json} under "postmortem".
 */
final class Postmortem {
  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Postmortem() {}

  static Instant parse(String t) {
    if (t == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19).replace('T', ' ') : t.replace('T', ' '), NAB)
          .toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static void write(SparkSession spark, Report r, List<RunInfo> runs) {
    StringBuilder md = r.md;
    List<Map<String, Object>> items = new ArrayList<>();
    md.append("Built from ").append(runs.size()).append(" run folder(s). Times are UTC. ")
        .append("Each incident below starts at the first negative signal (its window opening).\n\n");
    Map<String, Object> sim = r.simulations.isEmpty() ? null : r.simulations.get(0);
    if (r.classifier != null) {
      md.append("Classifier: AUC ").append(fmt(r.classifier.get("auc_roc"))).append(", ECE ")
          .append(fmt(r.classifier.get("ece"))).append(", threshold ").append(fmt(r.classifier.get("threshold")))
          .append(" (").append(Report.mdEsc(r.classifier.get("threshold_rule"))).append(").\n\n");
    }
    if (r.incidents.isEmpty()) {
      md.append("No replayed incidents among these runs (run `crisislab replay --windows ...`).\n\n");
    }
    RunInfo score = runs.stream().filter(x -> x.job().equals("score")).reduce((a, b) -> b).orElse(null);
    int k = 0;
    for (Map<String, Object> inc : r.incidents) {
      k++;
      String series = String.valueOf(inc.get("series"));
      Instant start = parse((String) inc.get("windowStart"));
      Instant end = parse((String) inc.get("windowEnd"));
      Instant alert = parse((String) inc.get("firstAlert"));
      Instant peak = parse((String) inc.get("peak"));
      md.append("## Incident ").append(k).append(": ").append(Report.mdEsc(series)).append("\n\n");
      md.append("### Timeline\n\n| time (UTC) | event |\n|---|---|\n");
      List<Object[]> events = new ArrayList<>();
      events.add(new Object[] {start, "first negative signal: the incident window opens"});
      if (alert != null) {
        events.add(new Object[] {alert, String.format(Locale.ROOT, "the tuned rule alerts (%s after the window opened%s)",
            SimulationSection.readable((Double) inc.get("delayMinutes")),
            inc.get("leadTimeMinutes") == null ? "" : ", " + SimulationSection.readable((Double) inc.get("leadTimeMinutes"))
                + " before the peak")});
      } else {
        events.add(new Object[] {end, "the tuned rule did not alert within the window (missed)"});
      }
      if (peak != null) {
        events.add(new Object[] {peak, "peak of the surge"});
      }
      if (sim != null && start != null) {
        for (Object o : (List<?>) sim.get("milestones")) {
          Map<?, ?> m = (Map<?, ?>) o;
          for (String q : List.of("p50", "p90")) {
            Double minutes = (Double) m.get(q + "Minutes");
            if (minutes != null && Double.isFinite(minutes)) {
              events.add(new Object[] {start.plus(Duration.ofSeconds(Math.round(minutes * 60))),
                  "plan " + sim.get("plan") + ": " + m.get("milestone") + " at " + q + " (" + SimulationSection.readable(minutes) + ")"});
            }
          }
        }
      }
      events.removeIf(e -> e[0] == null);
      events.sort(Comparator.comparing(e -> (Instant) e[0]));
      for (Object[] e : events) {
        md.append("| ").append(SHOW.format((Instant) e[0])).append(" | ").append(Report.mdEsc(e[1])).append(" |\n");
      }
      md.append('\n');
      List<Map<String, Object>> reasons = topReasons(spark, score, series, start, end);
      if (!reasons.isEmpty()) {
        md.append("### Top reasons (negative posts in the window, as tagged by the classifier)\n\n| reason | posts | share |\n|---|---:|---:|\n");
        for (Map<String, Object> x : reasons) {
          md.append("| ").append(Report.mdEsc(x.get("reason"))).append(" | ").append(x.get("posts")).append(" | ")
              .append(String.format(Locale.ROOT, "%.0f%%", 100 * (Double) x.get("share"))).append(" |\n");
        }
        md.append('\n');
      }
      Map<String, Object> item = new LinkedHashMap<>(inc);
      item.put("topReasons", reasons);
      items.add(item);
    }
    List<String> changes = planChanges(r);
    md.append("## What to change in the plan\n\n");
    if (changes.isEmpty()) {
      md.append("No simulation among these runs; run `crisislab simulate` with the plan to see who holds the response up.\n");
    }
    for (String c : changes) {
      md.append("- ").append(Report.mdEsc(c)).append('\n');
    }
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("incidents", items);
    pm.put("planChanges", changes);
    r.summary.put("postmortem", pm);
  }

  /** Readable recommendations from the simulation sections: bottleneck, strongest what-ifs, comparisons. */
  static List<String> planChanges(Report r) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> s : r.simulations) {
      List<?> roles = (List<?>) s.get("bottlenecksByRole");
      if (roles != null && !roles.isEmpty()) {
        Map<?, ?> top = (Map<?, ?>) roles.get(0);
        out.add(String.format(Locale.ROOT, "Plan %s: %s holds %.0f%% of the critical path, %.0f%% of that waiting "
            + "(off hours, paging, busy) — on-call cover or a deputy for this role shortens the response most directly.",
            s.get("plan"), top.get("name"), 100 * num(top.get("share")), 100 * num(top.get("waitingShare"))));
      }
      List<?> whatIfs = (List<?>) s.get("whatIfs");
      int shown = 0;
      for (Object o : whatIfs == null ? List.of() : whatIfs) {
        Map<?, ?> w = (Map<?, ?>) o;
        Double d = (Double) w.get("minus25P90DeltaMinutes");
        if (d != null && d < -1 && shown < 3) {
          out.add(String.format(Locale.ROOT, "Plan %s: making %s 25%% faster moves the p90 of %s by %s.", s.get("plan"),
              w.get("item"), s.get("sensitivityMilestone"), SimulationSection.readable(-d) + " earlier"));
          shown++;
        }
      }
      List<?> slas = (List<?>) s.get("slas");
      for (Object o : slas == null ? List.of() : slas) {
        Map<?, ?> sla = (Map<?, ?>) o;
        Double p = (Double) sla.get("breachProbability");
        if (p != null && p >= 0.1) {
          out.add(String.format(Locale.ROOT, "Plan %s misses \"%s\" in %.0f%% of simulated incidents.", s.get("plan"),
              sla.get("label"), 100 * p));
        }
      }
    }
    for (Map<String, Object> c : r.comparisons) {
      for (Object h : (List<?>) c.get("headline")) {
        out.add("Comparison " + c.get("planB") + " vs " + c.get("planA") + ": " + h);
      }
    }
    return out;
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String fmt(Object o) {
    return o instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
  }

  /** Predicted reasons of the negative posts of the incident's brand (and channel) within its window. */
  static List<Map<String, Object>> topReasons(SparkSession spark, RunInfo score, String series, Instant start, Instant end) {
    List<Map<String, Object>> out = new ArrayList<>();
    Path scored = score == null ? null : score.scoredPosts();
    if (spark == null || scored == null || start == null || end == null) {
      return out;
    }
    Dataset<Row> posts = spark.read().parquet(scored.toString());
    List<String> cols = List.of(posts.columns());
    if (!cols.containsAll(List.of("brand", "created_at", "is_negative", "reason"))) {
      return out;
    }
    String[] parts = series.split("/", 2);
    Column f = col("brand").equalTo(lit(parts[0])).and(col("is_negative"))
        .and(col("created_at").geq(lit(Timestamp.from(start)))).and(col("created_at").leq(lit(Timestamp.from(end))));
    if (parts.length == 2 && cols.contains("channel")) {
      f = f.and(col("channel").equalTo(lit(parts[1])));
    }
    List<Row> rows = posts.where(f).groupBy(col("reason")).count().orderBy(col("count").desc(), col("reason"))
        .collectAsList();
    long total = rows.stream().mapToLong(x -> x.getLong(1)).sum();
    for (Row x : rows.subList(0, Math.min(5, rows.size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reason", x.isNullAt(0) ? "(none)" : x.getString(0));
      m.put("posts", x.getLong(1));
      m.put("share", total == 0 ? 0.0 : x.getLong(1) / (double) total);
      out.add(m);
    }
    return out;
  }
}
