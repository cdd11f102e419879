package io.crisislab.jobs.demo;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.ingest.Format;
import io.crisislab.jobs.ingest.IngestJob;
import io.crisislab.jobs.replay.ReplayJob;
import io.crisislab.jobs.generate.GenerateJob;
import io.crisislab.jobs.report.ReportJob;
import io.crisislab.jobs.score.ScoreJob;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.train.TrainJob;
import io.crisislab.jobs.tune.Objective;
import io.crisislab.jobs.tune.TuneJob;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.simulate.SimulateJob;
import io.crisislab.models.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The demo pipeline. Each step runs the real job through {@link JobCommand#runStep} into its own run
 * folder ({@code NN-job}) below the demo's folder, with a seed derived from the demo's seed, so each
 * step folder is exactly what the command line would have written. A step whose job is not in this
 * build is skipped and said so (in the output and in {@link Result#notes()}).
 */
public final class DemoJob {
  private DemoJob() {}

  public static final Option<Path> DATA = Option.path("--data", "FILE",
      "Run on a real export instead of generated data (e.g. ../shared/data/airline-tweets/Tweets.csv).");
  public static final Option<Format> FORMAT = Option.parsed("--format", null, "airline",
      "Ingest preset for --data, as 'crisislab ingest --format' takes it (default: ${DEFAULT-VALUE}).", Format::parse);
  public static final Option<Integer> BRANDS = Option.integer("--brands", null, "3",
      "Generated brands (default: ${DEFAULT-VALUE}).").check(v -> v >= 1 && v <= 1000, "must be in [1, 1000]");
  public static final Option<Integer> DAYS = Option.integer("--days", null, "28",
      "Generated days (default: ${DEFAULT-VALUE}).")
      .check(v -> v >= 7 && v <= 3650, "must be in [7, 3650] (tuning needs at least a week)");
  public static final Option<Integer> POSTS_PER_DAY = Option.integer("--posts-per-day", null, "2000",
      "Generated posts a day over all brands (default: ${DEFAULT-VALUE}).").check(v -> v >= 10, "must be >= 10");
  public static final Option<Integer> REPLICATIONS = Option.integer("--replications", null, "1000",
      "Simulation replications per plan (default: ${DEFAULT-VALUE}).").check(v -> v >= 100, "must be >= 100");
  /** The common {@code --verbose}: also print each step's own stage lines. */
  public static final Option<Boolean> VERBOSE = Option.flag("--verbose", "Show Spark's own logs and full stack traces.");

  /** The options of {@code crisislab demo}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, DATA, FORMAT, BRANDS, DAYS, POSTS_PER_DAY,
      REPLICATIONS, VERBOSE);

  /**
   * @param data a real export to ingest instead of generated data, or null
   * @param format ingest preset for {@code data}
   * @param brands generated brands
   * @param days generated days
   * @param postsPerDay generated posts a day over all brands
   * @param replications simulation replications per plan
   * @param verbose print each step's own stage lines too
   */
  public record Config(Path data, Format format, int brands, int days, int postsPerDay, int replications,
      boolean verbose) {
    public Config {
      if (data != null && !Files.exists(data)) {
        throw new UsageException("--data " + data + ": no such file or folder");
      }
      if (format == null) {
        throw new UsageException("--format needs a value");
      }
    }

    /** The {@link #OPTIONS} defaults: generated data, quiet steps. */
    public static Settings<Config> defaults() {
      return OPTIONS.defaults();
    }
  }

  /**
   * @param steps the step folders written, relative to the demo folder
   * @param reportRelative the report's folder, relative to the demo folder
   * @param hasBundle whether the report wrote calibration.json
   * @param notes what was skipped or degraded and why
   */
  public record Result(List<String> steps, String reportRelative, boolean hasBundle, List<String> notes) {}

  /** Runs the steps in order; {@code ctx.dir()} is the demo's (temporary) folder. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) throws Exception {
    Demo d = new Demo(spark, c, ctx);
    if (c.data() != null) {
      d.ingestStep(c.data(), c.format());
    } else {
      d.generateStep();
      try {
        d.ingestStep(d.generated.resolve("posts"), Format.CRISISLAB);
      } catch (UsageException e) {
        // the crisislab (Parquet) preset may not be in this build: the generated posts are canonical already
        d.n--;
        d.skipped("ingest", e.getMessage() + "; the later steps read the generated posts directly");
        d.posts = d.generated;
      }
    }
    // a classifier that cannot be trained on this data must not cost the rest of the demo: say so
    // loudly and go on with the labels instead of scores
    if (d.attempt("train", d::trainStep)) {
      d.attempt("score", d::scoreStep);
    } else {
      d.skipped("score", "no trained model");
    }
    if (d.windows == null) {
      d.skipped("tune", "no labelled incident windows for this data; replaying with the built-in default rule");
      d.replayStep(null);
    } else {
      Path rules = d.tuneStep();
      d.replayStep(rules);
    }
    d.simulateStep();
    d.reportStep();
    return new Result(d.steps, d.reportRel, d.hasBundle, d.notes);
  }

  /** Detector families the demo tunes (the others are in `crisislab tune`; these keep the demo in minutes). */
  static final List<String> TUNE_DETECTORS = List.of("surge", "ewma", "count-tail");

  /** The state of one demo run: step numbering, derived seeds, notes. */
  static final class Demo {
    final SparkSession spark;
    final Config c;
    final RunContext ctx;
    final Progress stepProgress;
    final List<String> steps = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String reportRel;
    boolean hasBundle;
    int n;

    Demo(SparkSession spark, Config c, RunContext ctx) {
      this.spark = spark;
      this.c = c;
      this.ctx = ctx;
      // the jobs' own stage lines only with --verbose: the demo prints one line per step
      this.stepProgress = c.verbose() ? ctx.progress() : ctx.progress().quiet();
    }

    /** Derived seed for a step, recorded in the demo's manifest. */
    long seed(String purpose) {
      return ctx.seed(purpose);
    }

    /** Runs one step into {@code NN-name} and prints its progress line. */
    Path step(String name, String job, Object config, JobCommand.StepBody body) throws Exception {
      n++;
      String folder = String.format(Locale.ROOT, "%02d-%s", n, name);
      long t0 = System.nanoTime();
      ctx.progress().working("step " + n + " " + name);
      Path done = JobCommand.runStep(job, ctx.dir().resolve(folder), seed(name), config, spark, stepProgress, body);
      steps.add(folder);
      ctx.progress().info(String.format(Locale.ROOT, "step %d %-10s done in %5.1f s -> %s", n, name,
          (System.nanoTime() - t0) / 1e9, folder));
      return done;
    }

    /** A step that may fail without ending the demo; the failure is printed and kept in the notes. */
    interface Body {
      void run() throws Exception;
    }

    boolean attempt(String name, Body body) throws Exception {
      int before = n;
      try {
        body.run();
        return true;
      } catch (RuntimeException e) {
        n = before;
        notes.add(name + " FAILED: " + e.getMessage());
        ctx.progress().info("step -  " + name + ": FAILED (" + e.getMessage() + "); continuing without it");
        return false;
      }
    }

    void skipped(String name, String why) {
      notes.add(name + " skipped: " + why);
      ctx.progress().info("step -  " + name + ": skipped (" + why + ")");
    }

    /** The posts run (ingest) the later steps read. */
    Path posts;

    /** Ingests {@code input} with a preset into the canonical posts dataset. */
    void ingestStep(Path input, Format format) throws Exception {
      IngestJob.Config ic = IngestJob.Config.defaults(format, List.of(input.toAbsolutePath())).build();
      posts = step("ingest", "ingest", ic, sctx -> IngestJob.run(spark, ic, sctx));
    }

    /** Ground-truth incident windows (generate's incidents.json), or null for real data. */
    Path windows;

    /** The train run (exported scorer.json, metrics.json, test predictions, model card). */
    Path trained;

    /**
     * Trains and calibrates the binary negativity classifier (negative vs the rest) with a
     * time-ordered split, as a post-mortem sees the future. A smaller search than the CLI default
     * (one regularisation value, two folds, 50k-term vocabularies) keeps the demo in minutes.
     */
    void trainStep() throws Exception {
      // the demo must finish in minutes on 2 cores: one regularisation value, two folds, smaller
      // vocabularies and character 2-4-grams (the full grid is `crisislab train`'s default)
      TrainJob.Config tc = TrainJob.Config.defaults(posts).with(TrainJob.REG_PARAMS, List.of(1e-4)).with(TrainJob.FOLDS, 2)
          .with(TrainJob.WORD_VOCABS, List.of(20_000)).with(TrainJob.CHAR_VOCAB, 20_000).with(TrainJob.CHAR_NGRAMS, List.of(new CharRange(2, 4))).with(TrainJob.MAX_ITER, 50).build();
      trained = step("train", "train", tc, sctx -> TrainJob.run(spark, tc, sctx));
    }

    /** Scores every post; later steps (tune, replay) read the scored posts. */
    void scoreStep() throws Exception {
      ScoreJob.Config sc = ScoreJob.Config.defaults(trained, posts).build();
      Path scored = step("score", "score", sc, sctx -> ScoreJob.run(spark, sc, sctx));
      posts = scored.resolve(ScoreJob.SCORED_DIR);
    }

    /** The generate run. */
    Path generated;

    /** A synthetic stream with planted incidents; its incidents.json holds the ground-truth windows. */
    void generateStep() throws Exception {
      GenerateJob.Config gc = GenerateJob.Config.defaults().with(GenerateJob.BRANDS, c.brands())
          .with(GenerateJob.DAYS, c.days()).with(GenerateJob.POSTS_PER_DAY, (double) c.postsPerDay()).build();
      generated = step("generate", "generate", gc, sctx -> GenerateJob.run(spark, gc, sctx));
      windows = generated.resolve(GenerateJob.INCIDENTS);
    }

    /**
     * Tunes surge rules on the negative volume per brand/channel against the planted windows: the
     * objective a PR lead states ("most incidents caught with at most one false alarm a week"),
     * validated on held-out series. Returns the thresholds.json.
     */
    Path tuneStep() throws Exception {
      TuneJob.Config tc = TuneJob.Config.defaults(posts, windows).with(TuneJob.OBJECTIVE, Objective.CATCH).with(TuneJob.MAX_FALSE_ALARMS_PER_WEEK, 1.0)
          .with(TuneJob.DETECTORS, TUNE_DETECTORS).build();
      Path tuned = step("tune", "tune", tc, sctx -> TuneJob.run(spark, tc, sctx));
      return tuned.resolve("thresholds.json");
    }

    /** Replays the posts' series with tuned rules (or the built-in default rule when null). */
    void replayStep(Path rules) throws Exception {
      ReplayJob.Config rc = ReplayJob.Config.defaults(posts).with(ReplayJob.RULES, rules).with(ReplayJob.WINDOWS, rules == null ? null : windows).build();
      step("replay", "replay", rc, sctx -> ReplayJob.run(spark, rc, sctx));
    }

    /** The example plans (baseline and on-call legal variant) on the example scenario, paired. */
    void simulateStep() throws Exception {
      SimulateJob.Config sc = SimulateJob.Config.exampleComparison(SimulateJob.home())
          .with(SimulateJob.REPLICATIONS, (long) c.replications()).with(SimulateJob.TABLETOP, true)
          .with(SimulateJob.SENSITIVITY_REPLICATIONS, 500).build();
      step("simulate", "simulate", sc, sctx -> SimulateJob.run(spark, sc, sctx));
    }

    void reportStep() throws Exception {
      if (steps.isEmpty()) {
        throw new UsageException("demo: no pipeline step is available in this build, nothing to report");
      }
      ReportJob.Config rc = ReportJob.Config.defaults(steps.stream().map(s -> ctx.dir().resolve(s)).toList())
          .with(ReportJob.TITLE, "CrisisLab demo report").build();
      final ReportJob.Result[] out = new ReportJob.Result[1];
      step("report", "report", rc, sctx -> out[0] = ReportJob.run(spark, rc, sctx));
      reportRel = steps.get(steps.size() - 1);
      hasBundle = out[0].bundle() != null;
    }
  }
}
