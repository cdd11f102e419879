package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.sim.Comparison;
import io.crisislab.models.sim.Summary;
import io.crisislab.models.stats.Stats.Estimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Simulation runs ({@code summary.json}, {@code comparison.json} of {@code crisislab simulate}):
 * milestone quantiles with 95% intervals, SLA breach probabilities, the bottleneck (share of the
 * critical path by role and step), the ±25% sensitivity table (the what-ifs), milestone
 * histograms against the SLA lines from the per-replication Parquet, and plan comparisons.
 */
final class SimulationSection {
  private SimulationSection() {}

  /** Readable minutes in days, hours and minutes ("45m", "3h10m", "2d04h"); "never" for infinity, "–" for none. */
  static String readable(Double minutes) {
    return minutes == null || minutes.isNaN() ? "–" : Summary.readable(minutes);
  }

  /** An estimate with a value, else null. */
  static Estimate estimate(Estimate e) {
    return e == null || e.value() == null ? null : e;
  }

  static Double value(Estimate e) {
    return e == null ? null : e.value();
  }

  static String withCi(Estimate e) {
    Double v = value(e);
    if (v == null) {
      return "–";
    }
    return e.ci95Low() == null || e.ci95High() == null ? readable(v)
        : readable(v) + " [" + readable(e.ci95Low()) + ", " + readable(e.ci95High()) + "]";
  }

  /** Plan folders of a run: the run itself, or {@code a/} and {@code b/} of a comparison run. */
  static final List<String> PLAN_DIRS = List.of("", "a/", "b/");

  static void render(SparkSession spark, Report r, RunInfo ri) {
    Path cmpFile = ri.file("comparison.json");
    Comparison cmp = Files.isRegularFile(cmpFile) ? Comparison.read(cmpFile) : null;
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> plans = new ArrayList<>();
    for (String sub : PLAN_DIRS) {
      Path file = ri.file(sub + "summary.json");
      if (Files.isRegularFile(file)) {
        Summary s = Summary.read(file);
        Map<String, Object> plan = new LinkedHashMap<>();
        summary(spark, r, ri, sub, s, plan);
        plans.add(plan);
      }
    }
    if (plans.isEmpty() && cmp == null) {
      ReportJob.generic(r, ri);
      return;
    }
    out.put("plans", plans);
    if (cmp != null) {
      comparison(r, cmp, out);
    }
    r.jobRun("simulate", ri).putAll(out);
  }

  private static void summary(SparkSession spark, Report r, RunInfo ri, String sub, Summary s, Map<String, Object> out) {
    String plan = s.plan();
    String scenario = s.scenario();
    r.html.h3("Plan " + plan + " — scenario " + scenario);
    r.html.note(Html.num(s.replications()) + " replications, seed " + s.seed()
        + "; times are minutes from the first negative signal, [95% interval].");
    out.put("plan", plan);
    out.put("scenario", scenario);
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> ms = new ArrayList<>();
    for (Summary.MilestoneStats m : orEmpty(s.milestones())) {
      rows.add(Arrays.asList(words(m.milestone()), m.n(), withCi(m.p50Minutes()), withCi(m.p90Minutes()),
          withCi(m.p99Minutes()), m.notReachedWithinHorizon()));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("milestone", m.milestone());
      e.put("p50Minutes", value(m.p50Minutes()));
      e.put("p90Minutes", value(m.p90Minutes()));
      e.put("p99Minutes", value(m.p99Minutes()));
      ms.add(e);
    }
    out.put("milestones", ms);
    r.html.table(List.of("milestone", "n", "p50", "p90", "p99", "not reached"), rows);

    List<List<Object>> slaRows = new ArrayList<>();
    Map<String, Double> slaByMilestone = new LinkedHashMap<>();
    List<Map<String, Object>> slas = new ArrayList<>();
    for (Summary.SlaStats sla : orEmpty(s.slas())) {
      Estimate bp = sla.breachProbability();
      Double p = value(bp);
      slaRows.add(Arrays.asList(sla.label(), words(sla.milestone()), readable(sla.withinMinutes()),
          p == null ? "–" : String.format(Locale.ROOT, "%.1f%% [%.1f%%, %.1f%%]",
              100 * p, 100 * orNaN(bp.ci95Low()), 100 * orNaN(bp.ci95High()))));
      slaByMilestone.putIfAbsent(sla.milestone(), sla.withinMinutes());
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("label", sla.label());
      e.put("milestone", sla.milestone());
      e.put("withinMinutes", sla.withinMinutes());
      e.put("breachProbability", p);
      slas.add(e);
    }
    out.put("slas", slas);
    if (!slaRows.isEmpty()) {
      r.html.p("Probability of missing each SLA");
      r.html.table(List.of("SLA", "milestone", "within", "P(breach) [95% CI]"), slaRows);
    }

    r.html.figs();
    Summary.Bottlenecks b = s.bottlenecks();
    List<Map<String, Object>> byRole = shares(b == null ? null : b.byRole());
    List<Map<String, Object>> byStep = shares(b == null ? null : b.byStep());
    if (!byRole.isEmpty()) {
      r.html.chart(Charts.bars("Critical path by role (share) — " + plan, "share of critical-path time",
          byRole.stream().map(x -> (String) x.get("name")).toList(),
          byRole.stream().map(x -> (Double) x.get("share")).toList(), true));
    }
    if (!byStep.isEmpty()) {
      r.html.chart(Charts.bars("Critical path by step (share) — " + plan, "share of critical-path time",
          byStep.stream().map(x -> (String) x.get("name")).toList(),
          byStep.stream().map(x -> (Double) x.get("share")).toList(), true));
    }
    histograms(spark, r, ri.file(sub.isEmpty() ? "." : sub).normalize(), slaByMilestone, plan);
    r.html.endFigs();
    out.put("bottlenecksByRole", byRole);
    out.put("bottlenecksByStep", byStep);

    Summary.Sensitivity sens = s.sensitivity();
    List<Map<String, Object>> whatIfs = new ArrayList<>();
    if (sens != null) {
      List<List<Object>> srows = new ArrayList<>();
      for (Summary.SensitivityRow row : orEmpty(sens.rows())) {
        Double d = row.minus25P90DeltaMinutes();
        srows.add(Arrays.asList(row.item(), row.distribution(), withCi(row.minus25MeanDeltaMinutes()), d,
            row.plus25P90DeltaMinutes()));
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("item", row.item());
        w.put("minus25MeanDeltaMinutes", estimate(row.minus25MeanDeltaMinutes()));
        w.put("minus25P90DeltaMinutes", d);
        w.put("plus25P90DeltaMinutes", row.plus25P90DeltaMinutes());
        whatIfs.add(w);
      }
      whatIfs.sort((x, y) -> Double.compare(orNaN((Double) x.get("minus25P90DeltaMinutes")),
          orNaN((Double) y.get("minus25P90DeltaMinutes"))));
      r.html.p("What-ifs: each duration 25% shorter / longer, effect on " + sens.milestone()
          + " (base p90 " + withCi(sens.baseP90Minutes()) + ")");
      r.html.table(List.of("item", "distribution", "mean change if 25% shorter", "p90 change if 25% shorter (min)",
          "p90 change if 25% longer (min)"), srows);
      out.put("sensitivityMilestone", sens.milestone());
    }
    out.put("whatIfs", whatIfs);
    r.simulations.add(out);
  }

  private static void comparison(Report r, Comparison c, Map<String, Object> out) {
    String a = c.planA();
    String b = c.planB();
    r.html.h3("Plan comparison: " + b + " against " + a + " (scenario " + c.scenario() + ")");
    r.html.note("Paired on common random numbers over " + Html.num(c.replications())
        + " replications; differences are B − A (negative: " + b + " is faster), [95% interval].");
    List<List<Object>> rows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Double> diffs = new ArrayList<>();
    for (Comparison.MilestoneDiff m : orEmpty(c.milestones())) {
      Estimate pd = m.p90DiffMinutes();
      rows.add(Arrays.asList(words(m.milestone()), readable(m.p90AMinutes()), readable(m.p90BMinutes()),
          withCiSigned(pd), withCiSigned(m.meanDiffMinutes())));
      if (value(pd) != null) {
        names.add(m.milestone());
        diffs.add(value(pd));
      }
    }
    r.html.table(List.of("milestone", "p90 " + a, "p90 " + b, "p90 difference", "mean difference"), rows);
    List<String> headline = new ArrayList<>();
    for (String h : orEmpty(c.headline())) {
      headline.add(h);
      r.html.p(h);
    }
    if (!names.isEmpty()) {
      r.html.chart(Charts.bars("p90 difference, " + b + " − " + a + " (minutes)", "minutes", names, diffs, true));
    }
    Map<String, Object> cmp = new LinkedHashMap<>();
    cmp.put("planA", a);
    cmp.put("planB", b);
    // the effect of switching plans on the focus milestone (the one the what-ifs are about), for ranking
    String focus = r.simulations.isEmpty() ? null : (String) r.simulations.get(0).get("sensitivityMilestone");
    for (Comparison.MilestoneDiff m : orEmpty(c.milestones())) {
      if (focus == null || focus.equals(m.milestone())) {
        cmp.put("focus", m.milestone());
        cmp.put("focusMeanDiffMinutes", estimate(m.meanDiffMinutes()));
        cmp.put("focusP90DiffMinutes", value(m.p90DiffMinutes()));
        break;
      }
    }
    cmp.put("headline", headline);
    out.put("comparison", cmp);
    r.comparisons.add(cmp);
  }

  private static String withCiSigned(Estimate e) {
    Double v = value(e);
    if (v == null) {
      return "–";
    }
    return String.format(Locale.ROOT, "%+.0f min", v) + (e.ci95Low() == null || e.ci95High() == null ? ""
        : String.format(Locale.ROOT, " [%+.0f, %+.0f]", e.ci95Low(), e.ci95High()));
  }

  /** Histograms of each milestone with a column in the run's per-replication Parquet, SLA dashed. */
  private static void histograms(SparkSession spark, Report r, Path dir, Map<String, Double> slas, String plan) {
    if (spark == null) {
      return;
    }
    Path parquet = findParquet(dir);
    if (parquet == null) {
      return;
    }
    Dataset<Row> df = spark.read().parquet(parquet.toString());
    List<String> wanted = new ArrayList<>(slas.keySet());
    for (StructField f : df.schema().fields()) {
      String col = f.name();
      String milestone = col.endsWith("_minutes") ? col.substring(0, col.length() - "_minutes".length())
          : col.endsWith("Minutes") ? col.substring(0, col.length() - "Minutes".length()) : col;
      if (!(f.dataType() instanceof NumericType) || !wanted.contains(milestone)) {
        continue;
      }
      List<Row> rows = df.select(df.col(col).cast("double")).where(df.col(col).isNotNull()).limit(200_000).collectAsList();
      double[] v = rows.stream().mapToDouble(x -> x.getDouble(0)).filter(Double::isFinite).toArray();
      if (v.length < 10) {
        continue;
      }
      Double sla = slas.get(milestone);
      // hours, not minutes: the tables say "2d03h", an axis reading 3,500 would not match them
      double[] hours = Arrays.stream(v).map(x -> x / 60).toArray();
      String name = milestone.replace('_', ' ');
      r.html.chart(Charts.histogram("Time to " + name + " — " + plan, "hours from the first negative signal", hours, 40,
          sla == null ? List.of() : List.of(new Charts.Mark(sla / 60, "SLA " + readable(sla)))));
    }
  }

  private static Path findParquet(Path dir) {
    Path direct = dir.resolve("replications.parquet");
    if (Files.isDirectory(direct)) {
      return direct;
    }
    try (Stream<Path> s = Files.walk(dir, 1)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .sorted().findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Map<String, Object>> shares(List<Summary.Share> shares) {
    List<Map<String, Object>> out = new ArrayList<>();
    // the point figures, as the report's summary.json has carried them; the intervals stay in the run's summary.json
    for (Summary.Share n : orEmpty(shares)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n.name());
      m.put("role", n.role());
      m.put("meanMinutes", value(n.meanMinutes()));
      m.put("share", value(n.share()));
      m.put("waitingShare", value(n.waitingShare()));
      out.add(m);
    }
    out.sort((x, y) -> Double.compare(orNaN((Double) y.get("share")), orNaN((Double) x.get("share"))));
    return out;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** A milestone or step id as words: "holding_statement" becomes "holding statement". */
  static String words(String id) {
    return id == null ? null : id.replace('_', ' ');
  }

  static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  static Iterable<JsonNode> iter(JsonNode arr) {
    return arr == null || !arr.isArray() ? List.of() : arr;
  }
}
