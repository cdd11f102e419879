package io.crisislab.jobs.tune;

import io.crisislab.jobs.replay.Replay;
import io.crisislab.jobs.replay.ReplayReport;
import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.Detectors;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.NabScorer;
import io.crisislab.models.nab.NabWindows;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.RuleSearch;
import io.crisislab.models.nab.Window;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.SeriesLoad;
import io.crisislab.models.series.Thinning;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crisislab tune}: searches detectors, parameters, alert policies and thresholds against
 * labelled incident windows, distributed over Spark (one task per series × block of candidates),
 * and validates honestly: leave-one-series-out (tune on the others, apply to the held-out one,
 * then score all held-out alerts together with no further threshold sweep) or, for few series,
 * leave-one-incident-out (the series cut half-way between incidents). The score it reports is the
 * validated one; the training score is shown beside it only for contrast.
 *
 * <p>Outputs: {@code thresholds.json} (the rule tuned on all series, with its validated figures),
 * {@code tune.json} (folds, per-detector leaderboard, thinned-copy scores), {@code validated-alerts.json}
 * (each series' alerts under the rule tuned without it) and the replay report of those alerts.
 */
public final class TuneJob {
  private TuneJob() {}

  /** Series needed before {@code --select auto} chooses nested selection. */
  public static final int NESTED_MIN_SERIES = 10;

  /** Objectives by name. */
  public static final List<String> OBJECTIVES = List.of("nab-standard", "nab-low-fp", "nab-low-fn", "catch");

  /**
   * @param series CSV, folder of CSVs, or posts dataset
   * @param windows incident windows (required)
   * @param labels NAB labels.json (peak instants), or null for window centres
   * @param bucketSeconds bucket width for posts (0 = 300)
   * @param measure what posts series count ({@link SeriesSource#MEASURES})
   * @param detectors detector families to search
   * @param search {@code grid} or {@code random}
   * @param randomPerDetector random draws per detector
   * @param objective one of {@link #OBJECTIVES}
   * @param maxFalseAlarmsPerWeek the false-alarm budget of objective {@code catch}
   * @param validation {@code series}, {@code incident} or {@code auto} (series when there are ≥ 3)
   * @param thin keep-probabilities of binomially thinned copies to validate on
   * @param cooldownHours cool-downs to try, hours
   * @param persistence persistence options {@code k/n}
   * @param blockSize candidates per Spark task
   * @param maxCharts charts in the report at most
   * @param augmentThin keep-probabilities of thinned copies added to the training series (tuning
   *     across volumes; a series and its copies are held out together, only the original is validated on)
   * @param select {@code flat} (the best rule of any family on the training series), {@code nested}
   *     (the family chosen by an inner leave-one-out on the training series, then its best rule) or
   *     {@code auto}: nested with at least {@link #NESTED_MIN_SERIES} series, flat below (an inner
   *     leave-one-out over three or four series is too noisy to choose a family by)
   */
  public record Config(Path series, Path windows, Path labels, int bucketSeconds, String measure, List<String> detectors,
      String search, int randomPerDetector, String objective, double maxFalseAlarmsPerWeek, String validation,
      List<Double> thin, List<Double> cooldownHours, List<String> persistence, int blockSize, int maxCharts,
      List<Double> augmentThin, String select) {
    public Config {
      if (series == null) {
        throw new UsageException("--series is required");
      }
      if (windows == null) {
        throw new UsageException("--windows is required: tuning needs labelled incident windows");
      }
      measure = measure == null ? "auto" : measure;
      if (!SeriesSource.MEASURES.contains(measure)) {
        throw new UsageException("--measure must be one of " + SeriesSource.MEASURES);
      }
      detectors = detectors == null || detectors.isEmpty() ? Detectors.names() : List.copyOf(detectors);
      for (String d : detectors) {
        if (!Detectors.names().contains(d)) {
          throw new UsageException("--detectors: unknown detector '" + d + "' (known: " + Detectors.names() + ")");
        }
      }
      search = search == null ? "grid" : search;
      if (!search.equals("grid") && !search.equals("random")) {
        throw new UsageException("--search must be grid or random, got '" + search + "'");
      }
      if (randomPerDetector < 1) {
        throw new UsageException("--random-candidates must be >= 1");
      }
      objective = objective == null ? "nab-standard" : objective;
      if (!OBJECTIVES.contains(objective)) {
        throw new UsageException("--objective must be one of " + OBJECTIVES + ", got '" + objective + "'");
      }
      if (!(maxFalseAlarmsPerWeek >= 0)) {
        throw new UsageException("--max-false-alarms-per-week must be >= 0");
      }
      validation = validation == null ? "auto" : validation;
      if (!List.of("auto", "series", "incident").contains(validation)) {
        throw new UsageException("--validation must be auto, series or incident, got '" + validation + "'");
      }
      thin = thin == null ? List.of() : List.copyOf(thin);
      for (double q : thin) {
        if (!(q > 0 && q <= 1)) {
          throw new UsageException("--thin: keep-probabilities must be in (0, 1], got " + q);
        }
      }
      cooldownHours = cooldownHours == null || cooldownHours.isEmpty() ? List.of(6.0, 12.0, 24.0, 48.0) : List.copyOf(cooldownHours);
      for (double h : cooldownHours) {
        if (!(h >= 0)) {
          throw new UsageException("--cooldown-hours must be >= 0, got " + h);
        }
      }
      persistence = persistence == null || persistence.isEmpty() ? List.of("1/1") : List.copyOf(persistence);
      for (String p : persistence) {
        parsePersistence(p);
      }
      if (blockSize < 1) {
        throw new UsageException("--block-size must be >= 1");
      }
      if (maxCharts < 0) {
        throw new UsageException("--max-charts must be >= 0");
      }
      select = select == null ? "auto" : select;
      if (!List.of("auto", "flat", "nested").contains(select)) {
        throw new UsageException("--select must be auto, flat or nested, got '" + select + "'");
      }
      augmentThin = augmentThin == null ? List.of() : List.copyOf(augmentThin);
      for (double q : augmentThin) {
        if (!(q > 0 && q < 1)) {
          throw new UsageException("--augment-thin: keep-probabilities must be in (0, 1), got " + q);
        }
      }
    }

    /** Defaults: every detector, grid search, NAB standard objective, automatic validation. */
    public static Config of(Path series, Path windows) {
      return new Config(series, windows, null, 0, "auto", null, "grid", 20, "nab-standard", 1.0, "auto", List.of(),
          null, null, 8, 60, List.of(), "auto");
    }

    /** The same config with another objective ({@code catch} uses {@code maxFalseAlarmsPerWeek}). */
    public Config withObjective(String o, double maxFa) {
      return new Config(series, windows, labels, bucketSeconds, measure, detectors, search, randomPerDetector, o, maxFa,
          validation, thin, cooldownHours, persistence, blockSize, maxCharts, augmentThin, select);
    }

    /** The same config with other detector families. */
    public Config withDetectors(List<String> d) {
      return new Config(series, windows, labels, bucketSeconds, measure, d, search, randomPerDetector, objective,
          maxFalseAlarmsPerWeek, validation, thin, cooldownHours, persistence, blockSize, maxCharts, augmentThin, select);
    }

    /** The same config with thinned copies validated at {@code q}. */
    public Config withThin(List<Double> q) {
      return new Config(series, windows, labels, bucketSeconds, measure, detectors, search, randomPerDetector, objective,
          maxFalseAlarmsPerWeek, validation, q, cooldownHours, persistence, blockSize, maxCharts, augmentThin, select);
    }

    /** The same config training also on thinned copies at {@code q}. */
    public Config withAugmentThin(List<Double> q) {
      return new Config(series, windows, labels, bucketSeconds, measure, detectors, search, randomPerDetector, objective,
          maxFalseAlarmsPerWeek, validation, thin, cooldownHours, persistence, blockSize, maxCharts, q, select);
    }

    /** The same config with another family selection ({@code flat} or {@code nested}). */
    public Config withSelect(String sel) {
      return new Config(series, windows, labels, bucketSeconds, measure, detectors, search, randomPerDetector, objective,
          maxFalseAlarmsPerWeek, validation, thin, cooldownHours, persistence, blockSize, maxCharts, augmentThin, sel);
    }

    /** The same config counting {@code m} in posts series. */
    public Config withMeasure(String m) {
      return new Config(series, windows, labels, bucketSeconds, m, detectors, search, randomPerDetector, objective,
          maxFalseAlarmsPerWeek, validation, thin, cooldownHours, persistence, blockSize, maxCharts, augmentThin, select);
    }
  }

  static int[] parsePersistence(String p) {
    String[] kn = p.split("/");
    try {
      int k = Integer.parseInt(kn[0].trim());
      int n = Integer.parseInt(kn[1].trim());
      if (kn.length != 2 || k < 1 || k > n) {
        throw new NumberFormatException();
      }
      return new int[] {k, n};
    } catch (RuntimeException e) {
      throw new UsageException("--persistence: '" + p + "' must be k/n with 1 <= k <= n (e.g. 1/1, 2/3)");
    }
  }

  /** Validated figures of one detector family. */
  public record Family(String detector, int candidates, double trainingScore, double validatedScore, int detected,
      int incidents, double falseAlarmsPerWeek) {}

  /** Validated figures on thinned copies. */
  public record Thinned(double q, double validatedScore, int detected, int incidents, double falseAlarmsPerWeek,
      Double medianLeadTimeMinutes, double meanCountPerBucket) {}

  /**
   * What tuning produced.
   *
   * @param rule the rule tuned on all series (what thresholds.json carries)
   * @param trainingScore its in-sample score (objective's profile; for contrast only)
   * @param validatedNab validated NAB normalised score per profile
   * @param validatedOperational validated operational figures
   */
  public record Result(Path thresholdsFile, Thresholds thresholds, DetectorSpec rule, String validation,
      double trainingScore, Map<String, Double> validatedNab, OperationalScore validatedOperational,
      List<Family> families, List<Thinned> thinned, int cells) {}

  static RuleSearch.Objective objective(Config c) {
    return switch (c.objective()) {
      case "nab-low-fp" -> RuleSearch.Objective.nab(NabProfile.REWARD_LOW_FP);
      case "nab-low-fn" -> RuleSearch.Objective.nab(NabProfile.REWARD_LOW_FN);
      case "catch" -> RuleSearch.Objective.caught(c.maxFalseAlarmsPerWeek());
      default -> RuleSearch.Objective.nab(NabProfile.STANDARD);
    };
  }

  public static Result run(SparkSession spark, Config c, RunContext ctx) throws IOException {
    List<SeriesSource.Loaded> loaded = SeriesSource.load(spark, c.series(), c.bucketSeconds(), c.measure());
    ctx.input(c.series());
    ctx.input(c.windows());
    ctx.stage("load series", loaded.size());
    List<String> warnings = new ArrayList<>();
    for (SeriesSource.Loaded l : loaded) {
      warnings.addAll(l.load().warnings());
    }
    Map<String, List<Window>> windows = Replay.match(NabWindows.read(c.windows()), loaded, warnings);
    Map<String, List<Long>> labels = c.labels() == null ? Map.of() : readLabels(c.labels());
    if (c.labels() != null) {
      ctx.input(c.labels());
    }
    int bucket = loaded.get(0).series().bucketSeconds();
    List<RuleSearch.Labelled> labelled = new ArrayList<>();
    Map<String, SeriesSource.Loaded> byId = new LinkedHashMap<>();
    for (SeriesSource.Loaded l : loaded) {
      if (l.series().bucketSeconds() != bucket) {
        throw new DataException(l.series().id() + " has " + l.series().bucketSeconds() + " s buckets, "
            + loaded.get(0).series().id() + " has " + bucket + " s; tune series of one bucket width together");
      }
      List<Window> ws = windows.get(l.series().id());
      String lk = labels.isEmpty() ? null : NabWindows.keyFor(toKeys(labels), l.series().id());
      long[] peaks = peaks(ws, lk == null ? null : labels.get(lk));
      RuleSearch.Labelled lab = new RuleSearch.Labelled(l.series(), ws, peaks);
      warnings.addAll(NabScorer.prepare(l.series().id(), l.series().bucketStart(), ws, NabProfile.STANDARD).warnings);
      labelled.add(lab);
      byId.put(l.series().id(), l);
    }
    int incidents = labelled.stream().mapToInt(l -> l.windows().size()).sum();
    if (incidents == 0) {
      throw new DataException(c.windows() + ": no window falls on any series; nothing to tune against");
    }
    String validation = c.validation().equals("auto") ? (labelled.size() >= 3 ? "series" : "incident") : c.validation();
    if (validation.equals("series") && labelled.size() < 2) {
      throw new UsageException("--validation series needs at least 2 series; use --validation incident");
    }
    boolean perIncident = validation.equals("incident");

    SearchSpace.Space space;
    if (c.search().equals("random")) {
      long s = ctx.seed() * 31 + 1;
      ctx.seed("search", s);
      space = SearchSpace.random(c.detectors(), bucket, c.randomPerDetector(), new MersenneTwister(s));
    } else {
      space = SearchSpace.grid(c.detectors(), bucket);
    }
    List<RuleSearch.Policy> policies = new ArrayList<>();
    for (String p : c.persistence()) {
      int[] kn = parsePersistence(p);
      for (double h : c.cooldownHours()) {
        policies.add(new RuleSearch.Policy(kn[0], kn[1], (int) Math.round(h * 3600 / bucket)));
      }
    }
    RuleSearch.Objective obj = objective(c);
    NabProfile profile = obj.profile();
    ctx.stage("search space (candidates × policies)", (long) space.candidates().size() * policies.size());

    List<RuleSearch.Labelled> trainingSet = new ArrayList<>(labelled);
    for (double q : c.augmentThin()) {
      long s = ctx.seed() * 7_000_003L + Math.round(q * 1e6);
      ctx.seed("augment q=" + q, s);
      MersenneTwister rng = new MersenneTwister(s);
      for (RuleSearch.Labelled l : labelled) {
        Series ts = Thinning.thin(l.series(), q, rng);
        trainingSet.add(new RuleSearch.Labelled(ts.withCounts(ts.id() + RuleSearch.COPY + q, ts.count()), l.windows(), l.peaks()));
      }
    }
    if (trainingSet.size() > labelled.size()) {
      ctx.stage("add thinned training copies", trainingSet.size() - labelled.size());
    }
    List<RuleSearch.Cell> cells = evaluate(spark, trainingSet, space, policies, profile, perIncident, c.blockSize());
    ctx.stage("evaluate rules (cells)", cells.size());

    boolean nested = c.select().equals("nested")
        || (c.select().equals("auto") && validation.equals("series") && labelled.size() >= NESTED_MIN_SERIES);
    String selection = nested ? "nested" : "flat";
    java.util.function.IntFunction<String> familyOf = i -> space.candidates().get(i).detector();
    String finalFamily = nested ? RuleSearch.bestFamily(cells, obj, familyOf) : null;
    RuleSearch.Totals best = RuleSearch.select(finalFamily == null ? cells
        : cells.stream().filter(x -> familyOf.apply(x.candidate()).equals(finalFamily)).toList(), null, obj);
    DetectorSpec rule = spec(space, policies, best.key());
    List<RuleSearch.Fold> folds = nested ? RuleSearch.leaveOneOutNested(cells, obj, familyOf) : RuleSearch.leaveOneOut(cells, obj);
    List<Replay.Applied> validatedApplied = validatedAlerts(labelled, byId, folds, space, policies, perIncident);
    Replay.Scores validated = Replay.score(validatedApplied, NabProfile.defaults());
    ctx.stage("validate (" + validation + " folds)", folds.size());

    List<Family> families = new ArrayList<>();
    for (String d : c.detectors()) {
      List<RuleSearch.Cell> fam = cells.stream().filter(x -> space.candidates().get(x.candidate()).detector().equals(d)).toList();
      if (fam.isEmpty()) {
        continue;
      }
      RuleSearch.Totals tr = RuleSearch.select(fam, null, obj);
      RuleSearch.Totals v = RuleSearch.validated(RuleSearch.leaveOneOut(fam, obj));
      families.add(new Family(d, (int) space.candidates().stream().filter(x -> x.detector().equals(d)).count(),
          tr.normalised(profile), v.normalised(profile), v.detected(), v.windows(), v.falseAlarmsPerWeek()));
    }
    families.sort((a, b) -> Double.compare(b.validatedScore(), a.validatedScore()));

    List<Thinned> thinned = new ArrayList<>();
    for (double q : c.thin()) {
      long s = ctx.seed() * 1_000_003L + Math.round(q * 1e6);
      ctx.seed("thin q=" + q, s);
      MersenneTwister rng = new MersenneTwister(s);
      List<RuleSearch.Labelled> tl = new ArrayList<>();
      Map<String, SeriesSource.Loaded> tById = new LinkedHashMap<>();
      double total = 0;
      long buckets = 0;
      for (RuleSearch.Labelled l : labelled) {
        Series ts = Thinning.thin(l.series(), q, rng);
        for (double v : ts.count()) {
          total += v;
        }
        buckets += ts.size();
        tl.add(new RuleSearch.Labelled(ts, l.windows(), l.peaks()));
        SeriesSource.Loaded o = byId.get(l.series().id());
        tById.put(ts.id(), new SeriesSource.Loaded(new SeriesLoad(ts, List.of()), o.brand(), o.channel(), o.measure()));
      }
      Replay.Scores ts = Replay.score(validatedAlerts(tl, tById, folds, space, policies, perIncident), List.of(profile));
      thinned.add(new Thinned(q, ts.nabNormalised().get(profile.name()), ts.operational().detected(),
          ts.operational().incidents(), ts.operational().falseAlarmsPerWeek(), ts.operational().medianLeadTimeMinutes(),
          total / buckets));
      ctx.stage("validate on thinned copies q=" + q, tl.size());
    }

    OperationalScore op = validated.operational();
    double validatedScore = validated.nabNormalised().get(profile.name());
    String measureName = loaded.get(0).brand() == null ? "count" : switch (loaded.get(0).measure()) {
      case "count" -> "count";
      case "expected-negative" -> "expected_negative";
      default -> "negative_count";
    };
    Thresholds.Rule r = new Thresholds.Rule(Thresholds.ANY, Thresholds.ANY, measureName, bucket, rule.detector(),
        Thresholds.parameters(rule), rule.threshold(), c.objective(), validatedScore, op.falseAlarmsPerWeek(),
        op.medianLeadTimeMinutes(), new ArrayList<>(byId.keySet()));
    Thresholds thresholds = new Thresholds(Thresholds.VERSION, c.objective(),
        validation.equals("series") ? "leave-one-series-out" : "leave-one-incident-out", List.of(r));
    Path tf = ctx.file("thresholds.json");
    AtomicFiles.writeString(tf, thresholds.toJson());

    Map<String, List<String>> valAlerts = new LinkedHashMap<>();
    for (Replay.Applied a : validatedApplied) {
      valAlerts.put(a.series().id(), a.alertTimes());
    }
    AtomicFiles.writeString(ctx.file("validated-alerts.json"), Json.write(valAlerts));

    double training = best.normalised(profile);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("objective", c.objective());
    summary.put("maxFalseAlarmsPerWeek", obj.kind().equals("catch") ? c.maxFalseAlarmsPerWeek() : null);
    summary.put("validation", thresholds.validation());
    summary.put("select", selection);
    summary.put("series", new ArrayList<>(byId.keySet()));
    summary.put("incidents", incidents);
    summary.put("candidates", space.candidates().size());
    summary.put("policies", policies);
    summary.put("cells", cells.size());
    summary.put("rule", rule);
    summary.put("trainingScore", training);
    summary.put("validatedNab", validated.nabNormalised());
    summary.put("validatedOperational", op);
    List<Map<String, Object>> fl = new ArrayList<>();
    for (RuleSearch.Fold f : folds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("heldOut", f.heldOut());
      m.put("rule", spec(space, policies, f.trained().key()));
      m.put("trainingRaw", f.trained().raw());
      m.put("heldOutRaw", f.validated().raw());
      m.put("heldOutWindows", f.validated().windows());
      m.put("heldOutDetected", f.validated().detected());
      m.put("heldOutFalseAlarms", f.validated().falseAlarms());
      fl.add(m);
    }
    summary.put("folds", fl);
    summary.put("families", families);
    summary.put("thinned", thinned);
    summary.put("warnings", warnings);
    AtomicFiles.writeString(ctx.file("tune.json"), Json.write(summary));

    List<String> preface = new ArrayList<>();
    preface.add(String.format(Locale.ROOT, "Objective %s; %s validation (%s selection) over %d series and %d incidents; "
        + "%d candidates × %d policies.", c.objective(), thresholds.validation(), selection, labelled.size(), incidents,
        space.candidates().size(), policies.size()));
    preface.add(String.format(Locale.ROOT, "Validated NAB score (%s): %.2f — the alerts below are each series' alerts under the "
        + "rule tuned without it. Training (in-sample) score of the final rule: %.2f.", profile.name(), validatedScore, training));
    preface.add("Final rule (tuned on all series, written to thresholds.json): " + Replay.describe(rule));
    for (Family f : families) {
      preface.add(String.format(Locale.ROOT, "  %s: validated %.2f (training %.2f), %d/%d incidents, %.2f false alarms/week",
          f.detector(), f.validatedScore(), f.trainingScore(), f.detected(), f.incidents(), f.falseAlarmsPerWeek()));
    }
    for (Thinned t : thinned) {
      preface.add(String.format(Locale.ROOT, "  thinned q=%s (mean %.2f posts/bucket): validated %.2f, %d/%d incidents, "
          + "%.2f false alarms/week", t.q(), t.meanCountPerBucket(), t.validatedScore(), t.detected(), t.incidents(),
          t.falseAlarmsPerWeek()));
    }
    int charts = ReplayReport.write(ctx.dir(), "CrisisLab surge-rule tuning", thresholds.validation() + " validation",
        validatedApplied, validated, warnings, preface, c.maxCharts());
    ctx.stage("write report", charts);
    for (String p : preface) {
      ctx.progress().info(p);
    }
    return new Result(tf, thresholds, rule, thresholds.validation(), training, validated.nabNormalised(), op, families,
        thinned, cells.size());
  }

  static DetectorSpec spec(SearchSpace.Space space, List<RuleSearch.Policy> policies, RuleSearch.Key k) {
    return RuleSearch.spec(space.candidates().get(k.candidate()), policies.get(k.policy()), k.threshold());
  }

  /** Runs every (series, candidate block) as one Spark task and collects the cells. */
  static List<RuleSearch.Cell> evaluate(SparkSession spark, List<RuleSearch.Labelled> labelled, SearchSpace.Space space,
      List<RuleSearch.Policy> policies, NabProfile profile, boolean perIncident, int blockSize) {
    List<int[]> tasks = new ArrayList<>();
    int n = space.candidates().size();
    for (int s = 0; s < labelled.size(); s++) {
      for (int from = 0; from < n; from += blockSize) {
        tasks.add(new int[] {s, from, Math.min(n, from + blockSize)});
      }
    }
    List<RuleSearch.Candidate> cands = new ArrayList<>(space.candidates());
    List<double[]> thr = new ArrayList<>(space.thresholds());
    List<RuleSearch.Policy> pols = new ArrayList<>(policies);
    if (spark == null) {
      List<RuleSearch.Cell> out = new ArrayList<>();
      for (int[] t : tasks) {
        out.addAll(task(labelled, cands, thr, pols, profile, perIncident, t));
      }
      return out;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ArrayList<RuleSearch.Labelled>> b = jsc.broadcast(new ArrayList<>(labelled));
    try {
      return jsc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), 64)))
          .flatMap(t -> task(b.value(), cands, thr, pols, profile, perIncident, t).iterator())
          .collect();
    } finally {
      b.destroy();
    }
  }

  static List<RuleSearch.Cell> task(List<RuleSearch.Labelled> labelled, List<RuleSearch.Candidate> cands, List<double[]> thr,
      List<RuleSearch.Policy> pols, NabProfile profile, boolean perIncident, int[] t) {
    List<RuleSearch.Cell> out = new ArrayList<>();
    for (int c = t[1]; c < t[2]; c++) {
      out.addAll(RuleSearch.evaluate(labelled.get(t[0]), c, cands.get(c), pols, thr.get(c), profile, perIncident));
    }
    return out;
  }

  /**
   * Each series' alerts under the rule tuned without it (series folds), or, for incident folds,
   * each incident block's alerts under the rule tuned without that block (the detector still runs
   * over the whole series, so the block's scores depend only on its past).
   */
  static List<Replay.Applied> validatedAlerts(List<RuleSearch.Labelled> labelled, Map<String, SeriesSource.Loaded> byId,
      List<RuleSearch.Fold> folds, SearchSpace.Space space, List<RuleSearch.Policy> policies, boolean perIncident) {
    Map<String, DetectorSpec> foldRule = new LinkedHashMap<>();
    for (RuleSearch.Fold f : folds) {
      foldRule.put(f.heldOut(), spec(space, policies, f.trained().key()));
    }
    List<Replay.Applied> out = new ArrayList<>();
    for (RuleSearch.Labelled l : labelled) {
      Series s = l.series();
      SeriesSource.Loaded src = byId.get(s.id());
      if (!perIncident) {
        DetectorSpec spec = foldRule.get(s.id());
        out.add(Replay.apply(src, spec, "tuned without " + s.id(), l.windows(), l.peaks()));
        continue;
      }
      NabScorer.FileSweep f = NabScorer.prepare(s.id(), s.bucketStart(), l.windows(), NabProfile.STANDARD);
      int[] blocks = RuleSearch.incidentBlocks(f);
      double[] scores = new double[s.size()];
      boolean[] alerts = new boolean[s.size()];
      Set<String> used = new TreeSet<>();
      DetectorSpec first = null;
      for (int k = 0; k + 1 < blocks.length; k++) {
        DetectorSpec spec = foldRule.get(s.id() + RuleSearch.BLOCK + (k + 1));
        first = first == null ? spec : first;
        used.add(Replay.describe(spec));
        Object[] r = Replay.run(spec, s);
        System.arraycopy((double[]) r[0], blocks[k], scores, blocks[k], blocks[k + 1] - blocks[k]);
        System.arraycopy((boolean[]) r[1], blocks[k], alerts, blocks[k], blocks[k + 1] - blocks[k]);
      }
      out.add(new Replay.Applied(src, first, used.size() + " rule(s), each tuned without its incident", scores, alerts,
          l.windows(), l.peaks()));
    }
    return out;
  }

  private static Map<String, List<Window>> toKeys(Map<String, List<Long>> labels) {
    Map<String, List<Window>> m = new LinkedHashMap<>();
    labels.keySet().forEach(k -> m.put(k, List.of()));
    return m;
  }

  /** NAB labels.json: {key: ["timestamp", ...]}. */
  static Map<String, List<Long>> readLabels(Path file) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    try {
      var root = Json.mapper().readTree(file.toFile());
      var it = root.fields();
      while (it.hasNext()) {
        var e = it.next();
        List<Long> ts = new ArrayList<>();
        for (var v : e.getValue()) {
          Long t = Timestamps.tryParse(v.asText());
          if (t == null) {
            throw new DataException(file + ": '" + e.getKey() + "' has a bad timestamp '" + v.asText() + "'");
          }
          ts.add(t);
        }
        out.put(e.getKey(), ts);
      }
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /** The peak of each window: the first label inside it, else null for all (window centres). */
  static long[] peaks(List<Window> ws, List<Long> labels) {
    if (labels == null || labels.isEmpty()) {
      return null;
    }
    long[] p = new long[ws.size()];
    for (int k = 0; k < ws.size(); k++) {
      Window w = ws.get(k);
      p[k] = w.start() + (w.end() - w.start()) / 2;
      for (long t : labels) {
        if (t >= w.start() && t <= w.end()) {
          p[k] = t;
          break;
        }
      }
    }
    return p;
  }

  static String fmt(double[] a) {
    return Arrays.toString(a);
  }
}
