package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.run.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Replay and tune runs: the NAB and operational scores (incidents caught, lead times, false alarms a
 * week), a table of incidents with their first alert and lead time, the rules applied per series
 * (from {@code replay.json}) and the tuned rules (from {@code thresholds.json}). Incident charts
 * (series with the window shaded and alerts marked) come from {@link IncidentCharts}.
 */
final class ReplaySection {
  private ReplaySection() {}

  static void replay(SparkSession spark, Report r, RunInfo ri) {
    JsonNode rep = ri.json("replay.json").orElse(null);
    if (rep == null) {
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("Replay " + ri.runId());
    Map<String, Object> out = new LinkedHashMap<>();
    JsonNode op = rep.get("operational");
    if (op != null && !op.isNull()) {
      Map<String, Object> flat = Report.scalars(op, 20);
      List<List<Object>> rows = new ArrayList<>();
      flat.forEach((k, v) -> rows.add(Arrays.asList(k, v)));
      Map<String, Double> nab = Report.numberMap(rep.get("nabNormalised"));
      nab.forEach((k, v) -> rows.add(Arrays.asList("NAB normalised score, " + k, v)));
      r.html.p("Scores against the incident windows (" + Html.num(Report.number(rep, "windows")) + " windows)");
      r.html.table(List.of("figure", "value"), rows);
      out.put("operational", flat);
      out.put("nabNormalised", nab);
    }
    List<Map<String, Object>> incidents = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode i : SimulationSection.iter(rep.get("incidents"))) {
      Map<String, Object> x = new LinkedHashMap<>();
      for (String k : List.of("series", "windowStart", "windowEnd", "peak", "firstAlert")) {
        x.put(k, Report.text(i, k));
      }
      x.put("delayMinutes", Report.number(i, "delayMinutes"));
      x.put("leadTimeMinutes", Report.number(i, "leadTimeMinutes"));
      incidents.add(x);
      rows.add(Arrays.asList(x.get("series"), x.get("windowStart"), x.get("peak"),
          x.get("firstAlert") == null ? "missed" : x.get("firstAlert"), x.get("delayMinutes"), x.get("leadTimeMinutes")));
    }
    if (!rows.isEmpty()) {
      r.html.p("Incidents: when the rule first alerted (delay after the window opened, lead time before the peak)");
      r.html.table(List.of("series", "window start (UTC)", "peak", "first alert", "delay (min)", "lead time (min)"), rows);
    }
    List<List<Object>> srows = new ArrayList<>();
    for (JsonNode s : SimulationSection.iter(rep.get("series"))) {
      JsonNode rule = s.get("rule");
      srows.add(Arrays.asList(Report.text(s, "id"), Report.text(s, "measure"), Report.number(s, "buckets"),
          rule == null ? "" : Report.text(rule, "detector") + " ≥ " + Html.num(Report.number(rule, "threshold")),
          Report.text(s, "ruleSource"), Report.number(s, "alerts")));
    }
    if (!srows.isEmpty()) {
      r.html.p("Rules applied per series");
      r.html.table(List.of("series", "measure", "buckets", "rule", "rule source", "alerts"), srows);
    }
    IncidentCharts.render(spark, r, ri, rep);
    for (JsonNode w : SimulationSection.iter(rep.get("warnings"))) {
      r.html.warn(w.asText());
    }
    out.put("incidents", incidents);
    r.summarySection("replay").put(ri.runId(), out);
    r.incidents.addAll(incidents);
  }

  static void tune(Report r, RunInfo ri) {
    JsonNode th = ri.json("thresholds.json").orElse(null);
    if (th == null) {
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("Tuned rules " + ri.runId() + " (objective " + Report.text(th, "objective") + ", validation "
        + Report.text(th, "validation") + ")");
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> rules = new ArrayList<>();
    for (JsonNode rule : SimulationSection.iter(th.get("rules"))) {
      rows.add(Arrays.asList(Report.text(rule, "brand") + "/" + Report.text(rule, "channel"), Report.text(rule, "series"),
          Report.text(rule, "detector"), Report.scalars(rule.get("parameters"), 20).toString(),
          Report.number(rule, "threshold"), Report.number(rule, "validatedScore"),
          Report.number(rule, "expectedFalseAlarmsPerWeek"), Report.number(rule, "medianLeadTimeMinutes")));
      Map<String, Object> m = new LinkedHashMap<>(Report.scalars(rule, 40));
      rules.add(m);
    }
    r.html.table(List.of("scope", "series", "detector", "parameters", "threshold", "validated score",
        "false alarms / week", "median lead time (min)"), rows);
    r.html.note("Validated scores come from held-out incidents or series, never from the data a rule was tuned on.");
    Map<String, Object> flat = Report.scalars(th, 60);
    flat.keySet().removeIf(k -> k.startsWith("rules"));
    if (!flat.isEmpty()) {
      List<List<Object>> extra = new ArrayList<>();
      flat.forEach((k, v) -> extra.add(Arrays.asList(k, v)));
      r.html.table(List.of("figure", "value"), extra);
    }
    r.summarySection("tune").put(ri.runId(), Map.of("rules", rules));
  }
}
