package io.crisislab.jobs.replay;

import io.crisislab.jobs.cli.Choices;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.AlertsReport;
import io.crisislab.jobs.series.Measure;
import io.crisislab.jobs.series.ReplaySummary;
import io.crisislab.jobs.series.SeriesDataset;
import io.crisislab.jobs.series.SeriesOptions;
import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.NabWindows;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.Window;
import io.crisislab.models.run.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crisislab replay}: builds or reads volume series, applies tuned rules (or one detector
 * given on the command line, or the built-in default rule) bucket by bucket, and writes
 * {@code alerts.json}, {@code replay.json} and the replay report; with windows, the NAB and
 * operational scores too.
 *
 * <p>Outputs: {@code alerts.json} is {@code {"<series id>": ["YYYY-MM-DD HH:MM:SS", ...]}}, the
 * bucket starts (UTC) where the rule alerts (the series id of a CSV is its file name; of posts,
 * {@code brand/channel}); {@code replay.json} holds per-series rules, counts, scores and warnings.
 */
public final class ReplayJob {
  private ReplayJob() {}

  /**
   * The rule used when neither {@code --rules} nor {@code --detector} is given: the surge detector
   * as tuned on the NAB Twitter series (see README, "Surge detection").
   */
  public static final DetectorSpec DEFAULT_RULE = new DetectorSpec("surge",
      Map.of("window", 576.0, "memory", 4032.0, "rank", 2.0, "minSd", 0.1, "poisson", 0.0), 1.0, 1, 1, 144);

  public static final Option<Path> SERIES = SeriesOptions.SERIES;
  public static final Option<Path> RULES = Option.path("--rules", "FILE", "thresholds.json from 'crisislab tune'.");
  public static final Option<Path> WINDOWS = SeriesOptions.WINDOWS;
  public static final Option<String> DETECTOR = Option.text("--detector", "NAME", null,
      "Apply this detector to every series instead of rules: static, rolling-z, ewma, seasonal-mad, count-tail, cusum, surge.");
  public static final Option<Map<String, Double>> PARAMS = Option.pairs("--param", "KEY=VALUE",
      "A detector parameter (repeatable).", ReplayJob::numbers).key("params");
  public static final Option<Double> THRESHOLD = Option.decimal("--threshold", "X", null, "Alert threshold for --detector.");
  public static final Option<Integer> COOLDOWN = Option.integer("--cooldown", "BUCKETS", "0",
      "Cool-down for --detector (default: ${DEFAULT-VALUE}).").check(v -> v >= 0, "must be >= 0 buckets")
      .key("cooldownBuckets");

  public static final Option<Integer> BUCKET_SECONDS = SeriesOptions.BUCKET_SECONDS;
  public static final Option<Measure> MEASURE = SeriesOptions.MEASURE;
  public static final Option<Integer> MAX_CHARTS = SeriesOptions.MAX_CHARTS;

  /** The options of {@code crisislab replay}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, SERIES, RULES, WINDOWS, BUCKET_SECONDS,
      MEASURE, DETECTOR, PARAMS, THRESHOLD, COOLDOWN, MAX_CHARTS);

  private static Map<String, Double> numbers(Map<String, String> params) {
    Map<String, Double> p = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      try {
        p.put(k, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new UsageException("--param " + k + "=" + v + ": value must be a number");
      }
    });
    return p;
  }

  /**
   * @param series a NAB-style CSV, a folder of them, or a posts dataset (run folder with posts/)
   * @param rules thresholds.json from {@code tune}, or null
   * @param windows incident windows (NAB JSON; generate's incidents.json), or null
   * @param bucketSeconds bucket width for posts (0 = 300 s; CSVs keep their own)
   * @param measure what posts series count
   * @param detector a detector to apply to every series instead of rules, or null
   * @param params its parameters
   * @param threshold its threshold (required with {@code detector})
   * @param cooldownBuckets its cool-down
   * @param maxCharts charts in the report at most
   */
  public record Config(Path series, Path rules, Path windows, int bucketSeconds, Measure measure, String detector,
      Map<String, Double> params, Double threshold, int cooldownBuckets, int maxCharts) {
    public Config {
      if (series == null) {
        throw new UsageException("--series is required");
      }
      if (measure == null) {
        throw new UsageException("--measure must be one of " + Choices.names(Measure.class));
      }
      if (rules != null && detector != null) {
        throw new UsageException("give either --rules or --detector, not both");
      }
      if (detector != null && threshold == null) {
        throw new UsageException("--detector needs --threshold");
      }
      params = params == null ? Map.of() : new TreeMap<>(params);
      if (detector != null) {
        new DetectorSpec(detector, params, threshold, 1, 1, cooldownBuckets); // validates now, naming the flag values
      }
    }

    /** The {@link #OPTIONS} defaults: the built-in rule over {@code series}, no windows. */
    public static Settings<Config> defaults(Path series) {
      return OPTIONS.defaults().with(SERIES, series);
    }
  }

  /** What a replay produced. */
  public record Result(Map<String, List<String>> alerts, Replay.Scores scores, Path alertsFile, Path report) {}

  public static Result run(SparkSession spark, Config c, RunContext ctx) throws Exception {
    List<SeriesSource.Loaded> loaded = SeriesSource.load(spark, c.series(), c.bucketSeconds(), c.measure().toString());
    ctx.input(c.series());
    ctx.stage("load series", loaded.size());
    List<String> warnings = new ArrayList<>();
    for (SeriesSource.Loaded l : loaded) {
      warnings.addAll(l.load().warnings());
    }
    if (c.rules() != null) {
      ctx.input(c.rules());
    }
    Thresholds thresholds = c.rules() == null ? null : Thresholds.read(c.rules());
    Map<String, List<Window>> windows = null;
    if (c.windows() != null) {
      ctx.input(c.windows());
      windows = Replay.match(NabWindows.read(c.windows()), loaded.stream().map(l -> l.series().id()).toList(), warnings);
    }
    List<Replay.Applied> applied = new ArrayList<>();
    Map<String, SurgeRule> rules = new LinkedHashMap<>();
    Map<String, List<String>> alerts = new LinkedHashMap<>();
    for (SeriesSource.Loaded l : loaded) {
      String measure = SurgeRule.measureOf(l.measure());
      SurgeRule r;
      String source;
      if (thresholds != null) {
        r = thresholds.ruleFor(l.brand(), l.channel(), measure).orElseThrow(() -> new DataException(c.rules()
            + ": no rule for measure " + measure + " applies to series '" + l.series().id() + "' (rules: "
            + thresholds.rules().stream().map(x -> x.scope() + " " + x.series()).toList()
            + "); add a default rule (brand * / channel *) for it or replay with the measure the rules were tuned on"));
        source = r.members().contains(l.series().id()) ? "rule tuned on it" : "rule " + r.brand() + "/" + r.channel();
        String volume = r.volumeWarning(l.series().id(), Replay.meanCountPerBucket(l.series()));
        if (volume != null) {
          warnings.add(volume);
        }
        if (r.bucketSeconds() != l.series().bucketSeconds()) {
          warnings.add(l.series().id() + ": rule was tuned at " + r.bucketSeconds() + " s buckets, series has "
              + l.series().bucketSeconds() + " s; window and cool-down lengths are in buckets");
        }
      } else if (c.detector() != null) {
        r = SurgeRule.untuned(measure, l.series().bucketSeconds(),
            new DetectorSpec(c.detector(), c.params(), c.threshold(), 1, 1, c.cooldownBuckets()));
        source = "--detector";
      } else {
        r = SurgeRule.untuned(measure, l.series().bucketSeconds(), DEFAULT_RULE);
        source = "built-in default";
      }
      List<Window> ws = windows == null ? null : windows.get(l.series().id());
      Replay.Applied a = Replay.apply(l.series(), l.brand(), l.channel(), l.measure(), r.spec(), source, ws, null);
      applied.add(a);
      rules.put(l.series().id(), r);
      alerts.put(l.series().id(), a.alertTimes());
    }
    ctx.stage("apply rules", applied.size());
    if (spark != null) {
      SeriesDataset.writeReplayed(spark, loaded.stream().map(SeriesSource.Loaded::series).toList(), ctx.file(SeriesDataset.SUBDIR));
      ctx.stage("write series/", loaded.stream().mapToLong(l -> l.series().size()).sum());
    }
    Path alertsFile = ctx.file("alerts.json");
    AtomicFiles.writeString(alertsFile, Json.write(alerts));
    Replay.Scores scores = windows == null ? null : Replay.score(applied, NabProfile.defaults());
    if (scores != null) {
      warnings.addAll(scores.warnings());
    }
    AtomicFiles.writeString(ctx.file("replay.json"), Json.write(ReplaySummary.of(applied, rules, scores, warnings)));
    List<String> preface = new ArrayList<>();
    preface.add("Series: " + c.series() + (c.rules() != null ? "; rules: " + c.rules() : "")
        + (c.windows() != null ? "; windows: " + c.windows() : ""));
    int charts = AlertsReport.write(ctx.dir(), "CrisisLab replay", loaded.size() + " series", applied, scores, warnings,
        preface, c.maxCharts());
    ctx.stage("write report", charts);
    for (String w : warnings) {
      ctx.progress().info("warning: " + w);
    }
    return new Result(alerts, scores, alertsFile, ctx.file("report.html"));
  }
}
