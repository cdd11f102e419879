package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.series.ReplaySummary;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
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
    ReplaySummary rep = readOrNote(r, ri.file("replay.json"), ReplaySummary::read);
    if (rep == null) {
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("Replay " + ri.runId());
    Map<String, Object> out = new LinkedHashMap<>();
    if (rep.operational() != null) {
      Map<String, Object> flat = Report.scalars(Json.mapper().valueToTree(rep.operational()), 20);
      List<List<Object>> rows = new ArrayList<>();
      flat.forEach((k, v) -> rows.add(Arrays.asList(label(k), k.endsWith("Minutes") && v instanceof Number n
          ? SimulationSection.readable(n.doubleValue()) : v)));
      ReplaySummary.Estimates e = rep.estimates();
      if (e != null) {
        rows.add(Arrays.asList("Share of incidents detected (95% CI, n incidents)", interval(e.detectedShare(), false)));
        rows.add(Arrays.asList("Median delay (95% CI, n detected)", interval(e.medianDelayMinutes(), true)));
        rows.add(Arrays.asList("Median lead time (95% CI, n detected)", interval(e.medianLeadTimeMinutes(), true)));
        rows.add(Arrays.asList("False alarms per week (95% CI, n false alarms)", interval(e.falseAlarmsPerWeek(), false)));
        out.put("estimates", Report.fields(e));
      }
      Map<String, Double> nab = rep.nabNormalised() == null ? Map.of() : new TreeMap<>(rep.nabNormalised());
      nab.forEach((k, v) -> rows.add(Arrays.asList("NAB score (0-100), profile " + k.replace('_', ' '), v)));
      r.html.p("Scores against the incident windows (" + Html.num(rep.windows()) + " windows)");
      r.html.table(List.of("figure", "value"), rows);
      out.put("operational", flat);
      out.put("nabNormalised", nab);
    }
    List<Map<String, Object>> incidents = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (ReplaySummary.IncidentRow i : rep.incidents() == null ? List.<ReplaySummary.IncidentRow>of() : rep.incidents()) {
      incidents.add(Report.fields(i));
      rows.add(Arrays.asList(i.series(), Html.when(Postmortem.parse(i.windowStart())),
          Html.when(Postmortem.parse(i.peak())),
          i.firstAlert() == null ? "missed" : Html.when(Postmortem.parse(i.firstAlert())),
          SimulationSection.readable(i.delayMinutes()), SimulationSection.readable(i.leadTimeMinutes())));
    }
    if (!rows.isEmpty()) {
      r.html.p("Incident windows per channel: when the rule first alerted (delay after the window opened, lead time before the peak)");
      r.html.table(List.of("brand/channel", "window opens", "peak", "first alert", "delay", "lead time"), rows);
    }
    List<List<Object>> srows = new ArrayList<>();
    for (ReplaySummary.SeriesRow s : rep.series()) {
      SurgeRule rule = s.rule();
      srows.add(Arrays.asList(s.id(), s.measure(), (double) s.buckets(),
          rule == null ? "" : rule.detector() + " ≥ " + Html.num(rule.threshold()), s.ruleSource(), (double) s.alerts()));
    }
    if (!srows.isEmpty()) {
      r.html.p("Rules applied per series");
      r.html.table(List.of("series", "measure", "buckets", "rule", "rule source", "alerts"), srows);
    }
    IncidentCharts.render(spark, r, ri, rep);
    r.dataNotes.addAll(rep.warnings()); // repairs, shown once in plain words in the data notes block
    out.put("incidents", incidents);
    r.jobRun("replay", ri).putAll(out);
    r.incidents.addAll(incidents);
  }

  /**
   * A run's output file read by its typed reader, or null when it is missing or refused (an older
   * format version): the refusal goes to the data notes and the run still gets its generic section.
   */
  private static <T> T readOrNote(Report r, Path file, Function<Path, T> reader) {
    try {
      return Files.isRegularFile(file) ? reader.apply(file) : null;
    } catch (DataException e) {
      r.dataNotes.add(e.getMessage());
      return null;
    }
  }

  /** "40m (95% CI 20m to 1h, n = 5)"; a bound the sample cannot give is "open". */
  private static String interval(ReplaySummary.Interval i, boolean minutes) {
    Function<Double, String> shown = x -> x == null ? "open" : minutes ? SimulationSection.readable(x) : Html.num(x);
    return (i.value() == null ? "–" : shown.apply(i.value())) + " (95% CI " + shown.apply(i.ci95Low()) + " to "
        + shown.apply(i.ci95High()) + ", n = " + i.n() + ")";
  }

  /** A plain label for a camelCase figure name: "medianDelayMinutes" becomes "median delay". */
  static String label(String key) {
    String k = key.endsWith("Minutes") ? key.substring(0, key.length() - "Minutes".length()) : key;
    String words = k.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return words.isEmpty() ? key : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Tune runs, read through {@link Thresholds}: the class {@code tune} writes them with. */
  static void tune(Report r, RunInfo ri) {
    Thresholds th = readOrNote(r, ri.file("thresholds.json"), Thresholds::read);
    if (th == null) {
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("Tuned rules " + ri.runId() + " (objective " + th.objective() + ", validation "
        + th.validation() + ")");
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> rules = new ArrayList<>();
    for (SurgeRule rule : th.rules()) {
      rows.add(Arrays.asList(rule.scope(), rule.series(), rule.detector(),
          parameters(Json.mapper().valueToTree(rule.parameters())), rule.threshold(), rule.validatedScore(),
          rule.expectedFalseAlarmsPerWeek(), SimulationSection.readable(rule.medianLeadTimeMinutes())));
      rules.add(new LinkedHashMap<>(Report.scalars(Json.mapper().valueToTree(rule), 40)));
    }
    r.html.table(List.of("scope", "series", "detector", "parameters", "threshold", "validated score",
        "false alarms / week", "median lead time"), rows);
    r.html.note("Validated scores come from held-out incidents or series, never from the data a rule was tuned on.");
    Map<String, Object> flat = Report.scalars(Json.mapper().valueToTree(th), 60);
    flat.keySet().removeIf(k -> k.startsWith("rules"));
    if (!flat.isEmpty()) {
      List<List<Object>> extra = new ArrayList<>();
      flat.forEach((k, v) -> extra.add(Arrays.asList(label(k), v)));
      r.html.table(List.of("figure", "value"), extra);
    }
    r.jobRun("tune", ri).put("rules", rules);
  }

  /** Detector parameters as "alpha 1/288, window 576" (fractions below 1 shown as 1/n when n is whole). */
  static String parameters(JsonNode p) {
    List<String> out = new ArrayList<>();
    Report.scalars(p, 20).forEach((k, v) -> {
      String shown = String.valueOf(v);
      if (v instanceof Number n) {
        double d = n.doubleValue();
        double inv = d > 0 && d < 1 ? 1 / d : 0;
        shown = inv > 0 && Math.abs(inv - Math.rint(inv)) < 1e-6 ? "1/" + (long) Math.rint(inv) : Html.num(n);
      }
      out.add(k + " " + shown);
    });
    return String.join(", ", out);
  }
}
