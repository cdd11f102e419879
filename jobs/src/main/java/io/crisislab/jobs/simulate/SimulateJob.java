package io.crisislab.jobs.simulate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.sim.Comparison;
import io.crisislab.models.sim.Engine;
import io.crisislab.models.sim.Model;
import io.crisislab.models.sim.Plan;
import io.crisislab.models.sim.Replication;
import io.crisislab.models.sim.Results;
import io.crisislab.models.sim.Scenario;
import io.crisislab.models.sim.Simulator;
import io.crisislab.models.sim.Summary;
import io.crisislab.models.sim.Tabletop;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code crisislab simulate}: Monte Carlo of a crisis plan against a scenario on Spark.
 *
 * <p>Replications [0, N) are spread over Spark partitions; each partition runs one {@link Engine}
 * (replication i draws from substreams seeded by (seed, source, i), so the partitioning never changes a
 * result). Writes {@code replications.parquet} (one row per replication: milestones in minutes, inbox
 * figures, critical-path minutes per step), {@code summary.json} ({@link Summary}), and optionally
 * {@code tabletop.md}. In compare mode both plans run on the same replications (common random numbers)
 * into {@code a/} and {@code b/}, plus {@code comparison.json} and {@code comparison.md}.
 */
public final class SimulateJob {
  private SimulateJob() {}

  /** The example plan, variant and scenario under {@code data/} (relative to the project root). */
  public static final Path EXAMPLE_PLAN = Path.of("data/plans/brand-crisis-12-step.yaml");
  public static final Path EXAMPLE_VARIANT = Path.of("data/plans/brand-crisis-on-call-legal.yaml");
  public static final Path EXAMPLE_SCENARIO = Path.of("data/scenarios/saturday-2am-surge.yaml");

  public static final Option<Path> PLAN = Option.path("--plan", "FILE",
      "Plan YAML (default: data/plans/brand-crisis-12-step.yaml). Schema: data/plans/README.md.");
  public static final Option<Path> SCENARIO = Option.path("--scenario", "FILE",
      "Scenario YAML (default: data/scenarios/saturday-2am-surge.yaml).");
  public static final Option<Long> REPLICATIONS = Option.longInteger("--replications", "N", "10000",
      "Replications per plan (default: ${DEFAULT-VALUE}).");
  /** 0: the context's default parallelism. */
  public static final Option<Integer> PARTITIONS = Option.integer("--partitions", "N", "0",
      "Spark partitions for the replications (default: the default parallelism).");
  public static final Option<List<Path>> COMPARE = Option.paths("--compare", "PLAN",
      "Compare two plans (A B) on common random numbers: paired differences with 95%% CIs.").arity("2").unsplit();
  public static final Option<Boolean> TABLETOP = Option.flag("--tabletop",
      "Also write tabletop.md: one replication as a facilitator's script.");
  public static final Option<Long> TABLETOP_REPLICATION = Option.longInteger("--tabletop-replication", "I", "0",
      "The replication the tabletop script follows (default: ${DEFAULT-VALUE}).");
  /** 0 skips the sensitivity table; at most the replications. */
  public static final Option<Integer> SENSITIVITY_REPLICATIONS = Option.integer("--sensitivity-replications", "N",
      "1000", "Replications per variant of the ±25%% sensitivity table; 0 skips it (default: ${DEFAULT-VALUE}).");

  /** The options of {@code crisislab simulate}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, PLAN, SCENARIO, REPLICATIONS, PARTITIONS,
      COMPARE, TABLETOP, TABLETOP_REPLICATION, SENSITIVITY_REPLICATIONS);

  /**
   * What to simulate; build one with {@link #defaults()}.
   *
   * @param plan the plan (YAML); in compare mode plan A; null: the example plan under {@link #home()}
   * @param scenario the scenario (YAML); null: the example scenario under {@link #home()}
   * @param replications replications per plan (&gt;= 2)
   * @param partitions Spark partitions for the replications (0 = the context's default parallelism)
   * @param compare plans A and B for a paired comparison, or empty
   * @param tabletop whether to write {@code tabletop.md}
   * @param tabletopReplication which replication the tabletop script follows
   * @param sensitivityReplications replications per variant of the ±25% table (0 = no table; at most
   *     {@code replications})
   */
  public record Config(Path plan, Path scenario, long replications, int partitions, List<Path> compare,
      boolean tabletop, long tabletopReplication, int sensitivityReplications) implements Serializable {
    public Config {
      compare = compare == null ? List.of() : List.copyOf(compare);
      if (!compare.isEmpty()) {
        if (plan != null && !plan.equals(compare.get(0))) {
          throw new UsageException("--plan and --compare: give either one plan or two plans to compare");
        }
        plan = compare.get(0);
        requireFile(compare.get(1), "--compare");
      }
      plan = plan != null ? plan : home().resolve(EXAMPLE_PLAN);
      scenario = scenario != null ? scenario : home().resolve(EXAMPLE_SCENARIO);
      requireFile(plan, compare.isEmpty() ? "--plan" : "--compare");
      requireFile(scenario, "--scenario");
      if (replications < 2 || replications > Integer.MAX_VALUE) {
        throw new UsageException("--replications: expected 2 .. " + Integer.MAX_VALUE + ", got " + replications);
      }
      if (partitions < 0) {
        throw new UsageException("--partitions: must not be negative, got " + partitions);
      }
      if (tabletopReplication < 0 || tabletopReplication >= replications) {
        throw new UsageException("--tabletop-replication: expected 0 .. " + (replications - 1) + ", got "
            + tabletopReplication);
      }
      if (sensitivityReplications < 0) {
        throw new UsageException("--sensitivity-replications: must not be negative, got " + sensitivityReplications);
      }
      sensitivityReplications = (int) Math.min(sensitivityReplications, replications);
    }

    /**
     * The {@link #OPTIONS} defaults: the example plan and scenario from {@code data/} under
     * {@link #home()}, 10,000 replications, no tabletop script, a 1,000-replication sensitivity table.
     */
    public static Settings<Config> defaults() {
      return OPTIONS.defaults();
    }

    /** The example comparison under {@code home}: the baseline plan against the on-call legal variant. */
    public static Settings<Config> exampleComparison(Path home) {
      return defaults().with(COMPARE, List.of(home.resolve(EXAMPLE_PLAN), home.resolve(EXAMPLE_VARIANT)));
    }

    /** Plan B of a comparison, or null (recorded in the manifest, which the report reads). */
    @JsonProperty("compareWith")
    public Path compareWith() {
      return compare.isEmpty() ? null : compare.get(1);
    }
  }

  /**
   * What the run produced.
   *
   * @param summary summary of the plan (plan A in compare mode)
   * @param summaryB summary of plan B, or null
   * @param comparison the paired comparison, or null
   * @param events engine events processed (all plans, all replications, sensitivity excluded)
   */
  public record Result(Summary summary, Summary summaryB, Comparison comparison, long events) {}

  /** Runs the job into {@code ctx.dir()}. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    Scenario scenario = Scenario.load(c.scenario());
    Plan planA = Plan.load(c.plan());
    scenario.checkAgainst(planA, c.scenario().toString());
    ctx.input(c.plan());
    ctx.input(c.scenario());
    Plan planB = null;
    if (c.compareWith() != null) {
      planB = Plan.load(c.compareWith());
      scenario.checkAgainst(planB, c.scenario().toString());
      ctx.input(c.compareWith());
    }
    long seed = ctx.seed();
    // every random stream derives from the master seed: (seed, source name, replication) -> substream
    ctx.seed("simulate.substreams", seed);
    Model a = new Model(planA, scenario);
    if (planB == null) {
      Results ra = simulate(spark, a, seed, c, ctx, ctx.dir(), "");
      Summary s = finish(spark, a, ra, seed, c, ctx, ctx.dir());
      return new Result(s, null, null, ra.events);
    }
    Model b = new Model(planB, scenario);
    Results ra = simulate(spark, a, seed, c, ctx, ctx.dir().resolve("a"), "plan A ");
    Summary sa = finish(spark, a, ra, seed, c, ctx, ctx.dir().resolve("a"));
    Results rb = simulate(spark, b, seed, c, ctx, ctx.dir().resolve("b"), "plan B ");
    Summary sb = finish(spark, b, rb, seed, c, ctx, ctx.dir().resolve("b"));
    Comparison cmp = Comparison.of(a, ra, b, rb, seed);
    AtomicFiles.writeString(ctx.file("comparison.json"), Json.write(cmp));
    AtomicFiles.writeString(ctx.file("comparison.md"), ComparisonMarkdown.of(cmp));
    for (String h : cmp.headline()) {
      ctx.progress().info(h);
    }
    return new Result(sa, sb, cmp, ra.events + rb.events);
  }

  private static Results simulate(SparkSession spark, Model m, long seed, Config c, RunContext ctx, Path dir,
      String label) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = c.partitions() > 0 ? c.partitions() : Math.max(1, jsc.defaultParallelism());
    parts = (int) Math.min(parts, c.replications());
    long n = c.replications();
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ranges.add(new long[] {n * p / parts, n * (p + 1) / parts});
    }
    StructType schema = schema(m);
    JavaRDD<Row> rows = jsc.parallelize(ranges, parts).mapPartitions((Iterator<long[]> it) -> {
      List<Row> out = new ArrayList<>();
      Engine engine = new Engine(m, seed);
      while (it.hasNext()) {
        long[] r = it.next();
        for (long i = r[0]; i < r[1]; i++) {
          out.add(row(engine.run(i)));
        }
      }
      return out.iterator();
    });
    Dataset<Row> df = spark.createDataFrame(rows, schema).cache();
    try {
      df.write().parquet(dir.resolve("replications.parquet").toString());
      List<Row> collected = df.orderBy("replication").collectAsList();
      ctx.stage(label + "replications", collected.size());
      return columns(m, collected);
    } finally {
      df.unpersist();
    }
  }

  private static Summary finish(SparkSession spark, Model m, Results r, long seed, Config c, RunContext ctx,
      Path dir) {
    Summary s = Summary.of(m, r, seed);
    if (c.sensitivityReplications() > 0 && m.focus() != null) {
      s = s.withSensitivity(sensitivity(spark, m, seed, (int) Math.min(c.sensitivityReplications(), r.size())));
      ctx.stage("sensitivity variants", 2L * m.durationItems().size());
    }
    AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(s));
    if (c.tabletop()) {
      AtomicFiles.writeString(dir.resolve("tabletop.md"), Tabletop.script(m, seed, c.tabletopReplication()));
    }
    for (Summary.MilestoneStats ms : s.milestones()) {
      if (ms.milestone().equals(s.focus()) && ms.p90Minutes().value() != null) {
        ctx.progress().info(String.format(Locale.ROOT, "%s: %s p50 %s, p90 %s (95%% CI %s – %s), n %d", m.plan().name(),
            ms.milestone(), Summary.readable(ms.p50Minutes().value()), Summary.readable(ms.p90Minutes().value()),
            bound(ms.p90Minutes().ci95Low()), bound(ms.p90Minutes().ci95High()), ms.n()));
      }
    }
    return s;
  }

  private static String bound(Double v) {
    return v == null ? "?" : Summary.readable(v);
  }

  /** The ±25% table: each variant's replications run in one Spark task (common random numbers). */
  static Summary.Sensitivity sensitivity(SparkSession spark, Model m, long seed, int reps) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String focus = m.focus();
    List<String> keys = new ArrayList<>();
    keys.add("base|1.0");
    for (String item : m.durationItems().keySet()) {
      keys.add(item + "|0.75");
      keys.add(item + "|1.25");
    }
    List<double[]> cols = jsc.parallelize(keys, Math.min(keys.size(), Math.max(1, jsc.defaultParallelism() * 2)))
        .map(k -> {
          String item = k.substring(0, k.indexOf('|'));
          double f = Double.parseDouble(k.substring(k.indexOf('|') + 1));
          Model v = item.equals("base") ? m : m.scaled(Map.of(item, f));
          return Simulator.focusColumn(v, seed, reps, focus);
        }).collect();
    Map<String, double[][]> variants = new LinkedHashMap<>();
    for (int i = 1; i < keys.size(); i += 2) {
      String item = keys.get(i).substring(0, keys.get(i).indexOf('|'));
      variants.put(item, new double[][] {cols.get(i), cols.get(i + 1)});
    }
    return Summary.sensitivity(m, focus, cols.get(0), variants);
  }

  /** Column name of a step's critical-path minutes. */
  static String cpColumn(String step) {
    return "cp_" + step + "_minutes";
  }

  static String cpWaitColumn(String step) {
    return "cp_wait_" + step + "_minutes";
  }

  /** The Parquet schema: fixed columns, then one column per milestone and two per step. */
  static StructType schema(Model m) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("replication", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("start_utc", DataTypes.TimestampType, false));
    f.add(DataTypes.createStructField("severity", DataTypes.IntegerType, false));
    for (String ms : m.milestones()) {
      f.add(DataTypes.createStructField(ms + "_minutes", DataTypes.DoubleType, true));
    }
    f.add(DataTypes.createStructField("messages_arrived", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("messages_answered", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("backlog_peak_messages", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("wait_mean_minutes", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("wait_p90_minutes", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("wait_max_minutes", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("first_reply_minutes", DataTypes.DoubleType, true));
    for (String s : m.stepIds()) {
      f.add(DataTypes.createStructField(cpColumn(s), DataTypes.DoubleType, false));
    }
    for (String s : m.stepIds()) {
      f.add(DataTypes.createStructField(cpWaitColumn(s), DataTypes.DoubleType, false));
    }
    f.add(DataTypes.createStructField("pages", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("reworks", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("events", DataTypes.LongType, false));
    return DataTypes.createStructType(f);
  }

  /**
   * One Parquet row. Milestones: minutes, +Infinity when not reached within the horizon, null when
   * skipped (severity); message waits null when no message was answered.
   */
  static Row row(Replication r) {
    List<Object> v = new ArrayList<>();
    v.add(r.index());
    v.add(Timestamp.from(Instant.ofEpochSecond(r.startEpochMinute() * 60)));
    v.add(r.severity());
    for (double x : r.milestoneMinutes()) {
      v.add(Double.isNaN(x) ? null : x);
    }
    v.add(r.messagesArrived());
    v.add(r.messagesAnswered());
    v.add(r.backlogPeakMessages());
    v.add(nullable(r.waitMeanMinutes()));
    v.add(nullable(r.waitP90Minutes()));
    v.add(nullable(r.waitMaxMinutes()));
    v.add(nullable(r.firstReplyMinutes()));
    for (double x : r.criticalPathMinutes()) {
      v.add(x);
    }
    for (double x : r.criticalWaitMinutes()) {
      v.add(x);
    }
    v.add(r.pages());
    v.add(r.reworks());
    v.add(r.events());
    return RowFactory.create(v.toArray());
  }

  private static Double nullable(double x) {
    return Double.isNaN(x) ? null : x;
  }

  private static double num(Row row, int i) {
    return row.isNullAt(i) ? Double.NaN : ((Number) row.get(i)).doubleValue();
  }

  /** Rows (replication order) back into columns. */
  static Results columns(Model m, List<Row> rows) {
    long events = 0;
    for (Row r : rows) {
      events += r.getLong(r.length() - 1);
    }
    Results c = new Results(m, rows.size(), events);
    int nm = m.milestones().size();
    int ns = m.stepIds().size();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int k = 0;
      c.index[i] = r.getLong(k++);
      k++;
      c.severity[i] = r.getInt(k++);
      for (int j = 0; j < nm; j++) {
        c.milestones[j][i] = num(r, k++);
      }
      c.messagesArrived[i] = num(r, k++);
      c.messagesAnswered[i] = num(r, k++);
      c.backlogPeak[i] = num(r, k++);
      c.waitMean[i] = num(r, k++);
      c.waitP90[i] = num(r, k++);
      c.waitMax[i] = num(r, k++);
      c.firstReply[i] = num(r, k++);
      for (int s = 0; s < ns; s++) {
        c.cp[s][i] = num(r, k++);
      }
      for (int s = 0; s < ns; s++) {
        c.cpWait[s][i] = num(r, k++);
      }
    }
    return c;
  }

  /** The project root for defaults: {@code crisislab.home} or the working directory. */
  public static Path home() {
    String h = System.getProperty("crisislab.home");
    return (h != null ? Path.of(h) : Path.of("")).toAbsolutePath();
  }

  static void requireFile(Path p, String flag) {
    if (!Files.isReadable(p)) {
      throw new UsageException(flag + " " + p + ": file not found or not readable");
    }
  }
}
