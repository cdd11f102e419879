package io.crisislab.jobs.tune;

import io.crisislab.jobs.series.Measure;
import io.crisislab.jobs.series.SeriesOptions;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.Detectors;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.RuleSearch;
import io.crisislab.models.nab.TrainingSet;
import io.crisislab.models.nab.VolumeSelection;
import io.crisislab.models.run.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crisislab tune}: searches detectors, parameters, alert policies and thresholds against
 * labelled incident windows, distributed over Spark (one task per series × block of candidates),
 * and validates honestly: leave-one-series-out (tune on the others, apply to the held-out one,
 * then score all held-out alerts together with no further threshold sweep) or, for few series,
 * leave-one-incident-out (the series cut half-way between incidents). The score it reports is the
 * validated one; the training score is shown beside it only for contrast.
 *
 * Every choice (family, parameters, persistence, cool-down, threshold) is made inside each fold
 * ({@link Validation}); the family is the one whose rule works best at its worst volume, on the
 * training series and their own thinned copies ({@link VolumeSelection}, {@code --select-thin});
 * loading and labelling are in {@link Labelling}, thinned copies in
 * {@link Robustness}, what is written and printed in {@link TuneOutputs}.
 *
 * <p>Outputs: {@code thresholds.json} (the rule tuned on all series, with its validated figures and
 * the volume range it was validated on), {@code tune.json} (per-fold scores, the expected score on
 * a new series with its spread, the per-family leaderboard with optimism gaps, thinned-copy
 * scores), {@code validated-alerts.json} (each series' alerts under the rule tuned without it) and
 * the report of those alerts.
 */
public final class TuneJob {
  private TuneJob() {}

  /** Series needed before {@code --select auto} chooses nested selection. */
  public static final int NESTED_MIN_SERIES = 10;

  public static final Option<Path> SERIES = SeriesOptions.SERIES;
  public static final Option<Path> WINDOWS = SeriesOptions.WINDOWS.required();
  public static final Option<Path> LABELS = Option.path("--labels", "FILE",
      "NAB labels.json (incident peaks) for lead times; default: window centres.");
  public static final Option<Integer> BUCKET_SECONDS = SeriesOptions.BUCKET_SECONDS;
  public static final Option<Measure> MEASURE = SeriesOptions.MEASURE;
  /** Empty: every family. */
  public static final Option<List<String>> DETECTORS = Option.texts("--detectors", "NAMES", null,
      "Detector families to search (default: all): static, rolling-z, ewma, seasonal-mad, count-tail, cusum, "
          + "surge, dispersion-tail, rate-cusum, vote (docs/tune.md says which are scale-free).");
  public static final Option<SearchMethod> SEARCH = Option.choice(SearchMethod.class, "--search", "HOW", "grid",
      "${COMPLETION-CANDIDATES}: grid or seeded random search (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> RANDOM_CANDIDATES = Option.integer("--random-candidates", "N", "20",
      "Random draws per detector (default: ${DEFAULT-VALUE}).").key("randomPerDetector");
  public static final Option<Objective> OBJECTIVE = Option.choice(Objective.class, "--objective", "O", "nab-standard",
      "${COMPLETION-CANDIDATES}; catch = most incidents with <= --max-false-alarms-per-week (default: ${DEFAULT-VALUE}).");
  public static final Option<Double> MAX_FALSE_ALARMS_PER_WEEK = Option.decimal("--max-false-alarms-per-week", "N",
      "1", "Budget of objective catch (default: ${DEFAULT-VALUE}).");
  public static final Option<ValidationMode> VALIDATION = Option.choice(ValidationMode.class, "--validation", "V",
      "auto", "${COMPLETION-CANDIDATES}: leave one series out, one incident out, or series when >= 3 series (default: ${DEFAULT-VALUE}).");
  public static final Option<List<Double>> THIN = Option.decimals("--thin", "Q", null,
      "Also validate on binomially thinned copies (e.g. 0.3,0.1,0.03; seeded).");
  public static final Option<List<Double>> COOLDOWN_HOURS = Option.decimals("--cooldown-hours", "H", "6,12,24,48",
      "Cool-downs to try (default: ${DEFAULT-VALUE}).");
  public static final Option<List<String>> PERSISTENCE = Option.texts("--persistence", "K/N", "1/1",
      "Persistence options, e.g. 1/1,2/3 (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> BLOCK_SIZE = Option.integer("--block-size", "N", "8",
      "Candidates per Spark task (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> MAX_CHARTS = SeriesOptions.MAX_CHARTS;
  public static final Option<List<Double>> AUGMENT_THIN = Option.decimals("--augment-thin", "Q", null,
      "Train also on binomially thinned copies (e.g. 0.3,0.1): tunes across volumes; validation holds a series out with its copies.");
  public static final Option<FamilySelection> SELECT = Option.choice(FamilySelection.class, "--select", "HOW", "auto",
      "flat: best rule of any detector on the training series; nested: detector chosen by an inner leave-one-out first; auto: nested from 10 series (default: ${DEFAULT-VALUE}).");
  public static final Option<List<Double>> SELECT_THIN = Option.decimals("--select-thin", "Q", "0.1,0.03",
      "Choose the detector family also on thinned copies of the training series (rank only, thresholds stay tuned on the originals); 1 = off (default: ${DEFAULT-VALUE}).");

  public static final Option<List<Path>> TRAIN_EXTRA = Option.paths("--train-extra", "DIR",
      "Extra training series, e.g. generate's output at other volumes: each folder's series with its windows.json "
          + "(or incidents.json) join the training side of every fold; never held out, never in the validated figures.");

  /** The options of {@code crisislab tune}, in the order of the record. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, SERIES, WINDOWS, LABELS, BUCKET_SECONDS,
      MEASURE, DETECTORS, SEARCH, RANDOM_CANDIDATES, OBJECTIVE, MAX_FALSE_ALARMS_PER_WEEK, VALIDATION, THIN,
      COOLDOWN_HOURS, PERSISTENCE, BLOCK_SIZE, MAX_CHARTS, AUGMENT_THIN, SELECT, SELECT_THIN, TRAIN_EXTRA);

  /**
   * @param series CSV, folder of CSVs, or posts dataset
   * @param windows incident windows (required)
   * @param labels NAB labels.json (peak instants), or null for window centres
   * @param bucketSeconds bucket width for posts (0 = 300)
   * @param measure what posts series count
   * @param detectors detector families to search
   * @param search grid or seeded random candidates
   * @param randomPerDetector random draws per detector
   * @param objective what the rule maximises
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
   * @param selectThin keep-probabilities of thinned copies of the training series on which the
   *     detector family is also scored ({@link VolumeSelection}); they rank families only, never set
   *     a threshold; empty (or only 1) = the family is chosen on the originals alone
   * @param trainExtra folders of extra training series, each with its windows ({@link Labelling#extraWindows}),
   *     measured as the tuning series are; they are on the training side of every fold (outer and
   *     inner) and never held out ({@link TrainingSet#EXTRA}), so they steady the choices without
   *     entering any validated figure
   */
  public record Config(Path series, Path windows, Path labels, int bucketSeconds, Measure measure,
      List<String> detectors, SearchMethod search, int randomPerDetector, Objective objective,
      double maxFalseAlarmsPerWeek, ValidationMode validation, List<Double> thin, List<Double> cooldownHours,
      List<String> persistence, int blockSize, int maxCharts, List<Double> augmentThin, FamilySelection select,
      List<Double> selectThin, List<Path> trainExtra) {
    public Config {
      if (series == null) {
        throw new UsageException("--series is required");
      }
      if (windows == null) {
        throw new UsageException("--windows is required: tuning needs labelled incident windows");
      }
      if (measure == null || search == null || objective == null || validation == null || select == null) {
        throw new UsageException("--measure, --search, --objective, --validation and --select need a value");
      }
      detectors = detectors == null || detectors.isEmpty() ? Detectors.names() : List.copyOf(detectors);
      for (String d : detectors) {
        if (!Detectors.names().contains(d)) {
          throw new UsageException("--detectors: unknown detector '" + d + "' (known: " + Detectors.names() + ")");
        }
      }
      if (randomPerDetector < 1) {
        throw new UsageException("--random-candidates must be >= 1");
      }
      if (!(maxFalseAlarmsPerWeek >= 0)) {
        throw new UsageException("--max-false-alarms-per-week must be >= 0");
      }
      thin = thin == null ? List.of() : List.copyOf(thin);
      for (double q : thin) {
        if (!(q > 0 && q <= 1)) {
          throw new UsageException("--thin: keep-probabilities must be in (0, 1], got " + q);
        }
      }
      if (cooldownHours == null || cooldownHours.isEmpty()) {
        throw new UsageException("--cooldown-hours needs one or more values");
      }
      cooldownHours = List.copyOf(cooldownHours);
      for (double h : cooldownHours) {
        if (!(h >= 0)) {
          throw new UsageException("--cooldown-hours must be >= 0, got " + h);
        }
      }
      if (persistence == null || persistence.isEmpty()) {
        throw new UsageException("--persistence needs one or more k/n values");
      }
      persistence = List.copyOf(persistence);
      for (String p : persistence) {
        parsePersistence(p);
      }
      if (blockSize < 1) {
        throw new UsageException("--block-size must be >= 1");
      }
      augmentThin = augmentThin == null ? List.of() : List.copyOf(augmentThin);
      for (double q : augmentThin) {
        if (!(q > 0 && q < 1)) {
          throw new UsageException("--augment-thin: keep-probabilities must be in (0, 1), got " + q);
        }
      }
      trainExtra = trainExtra == null ? List.of() : List.copyOf(trainExtra);
      selectThin = selectThin == null ? List.of() : selectThin.stream().filter(q -> q != 1).toList();
      for (double q : selectThin) {
        if (!(q > 0 && q < 1)) {
          throw new UsageException("--select-thin: keep-probabilities must be in (0, 1] (1 = off), got " + q);
        }
      }
    }

    /** The {@link #OPTIONS} defaults: every detector, grid search, NAB standard objective, automatic validation. */
    public static Settings<Config> defaults(Path series, Path windows) {
      return OPTIONS.defaults().with(SERIES, series).with(WINDOWS, windows);
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

  /**
   * What tuning produced.
   *
   * @param rule the rule tuned on all series (what thresholds.json carries)
   * @param trainingScore its in-sample score on the tuning series, extra training series left out (objective's profile; for contrast only)
   * @param validatedNab validated NAB normalised score per profile (all held-out alerts scored together)
   * @param validatedOperational validated operational figures
   * @param folds per outer fold: the rule chosen without the held-out series and its score there
   * @param expected the expected score on a new series, from the folds
   */
  public record Result(Path thresholdsFile, Thresholds thresholds, DetectorSpec rule, String validation,
      double trainingScore, Map<String, Double> validatedNab, OperationalScore validatedOperational,
      List<Validation.Family> families, List<Robustness.Thinned> thinned, int cells, List<Validation.Fold> folds,
      Validation.Expected expected) {}

  /**
   * The seed of one purpose, derived from the run's master seed and the purpose's name (so adding
   * a purpose never shifts another's stream), and recorded in the manifest.
   */
  static long seed(RunContext ctx, String purpose) {
    long s = Long.parseUnsignedLong(Digests.sha256(ctx.seed() + "/" + purpose).substring(0, 15), 16);
    ctx.seed(purpose, s);
    return s;
  }

  static RuleSearch.Objective objective(Config c) {
    return switch (c.objective()) {
      case NAB_LOW_FP -> RuleSearch.Objective.nab(NabProfile.REWARD_LOW_FP);
      case NAB_LOW_FN -> RuleSearch.Objective.nab(NabProfile.REWARD_LOW_FN);
      case CATCH -> RuleSearch.Objective.caught(c.maxFalseAlarmsPerWeek());
      case NAB_STANDARD -> RuleSearch.Objective.nab(NabProfile.STANDARD);
    };
  }

  public static Result run(SparkSession spark, Config c, RunContext ctx) throws IOException {
    Labelling set = Labelling.load(spark, c, ctx);
    List<RuleSearch.Labelled> labelled = set.labelled();
    ValidationMode mode = c.validation() != ValidationMode.AUTO ? c.validation()
        : labelled.size() >= 3 ? ValidationMode.SERIES : ValidationMode.INCIDENT;
    String validation = mode.toString();
    if (validation.equals("series") && labelled.size() < 2) {
      throw new UsageException("--validation series needs at least 2 series; use --validation incident");
    }
    boolean perIncident = validation.equals("incident");
    int bucket = set.bucketSeconds();
    SearchSpace.Space space = c.search() == SearchMethod.RANDOM
        ? SearchSpace.random(c.detectors(), bucket, c.randomPerDetector(), new MersenneTwister(seed(ctx, "search")))
        : SearchSpace.grid(c.detectors(), bucket);
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

    List<RuleSearch.Labelled> trainingSet = Robustness.augment(labelled, c.augmentThin(), ctx);
    if (trainingSet.size() > labelled.size()) {
      ctx.stage("add thinned training copies", trainingSet.size() - labelled.size());
    }
    trainingSet.addAll(set.extra());
    List<RuleSearch.Cell> cells = Validation.evaluate(spark, trainingSet, space, policies, profile, perIncident, c.blockSize());
    ctx.stage("evaluate rules (cells)", cells.size());

    List<RuleSearch.Labelled> checkSet = Robustness.copies(labelled, c.selectThin(), "select", ctx);
    List<RuleSearch.Cell> checks = checkSet.isEmpty() ? List.of()
        : Validation.evaluate(spark, checkSet, space, policies, profile, perIncident, c.blockSize());
    if (!checkSet.isEmpty()) {
      ctx.stage("evaluate rules on thinned training copies for family selection (cells)", checks.size());
    }

    boolean nested = c.select() == FamilySelection.NESTED
        || (c.select() == FamilySelection.AUTO && mode == ValidationMode.SERIES && labelled.size() >= NESTED_MIN_SERIES);
    IntFunction<String> familyOf = i -> space.candidates().get(i).detector();
    List<VolumeSelection.Standing> standings = checks.isEmpty() ? List.of()
        : VolumeSelection.standings(cells, checks, obj, familyOf, nested);
    VolumeSelection.Standing byVolume = VolumeSelection.best(standings, obj);
    String finalFamily = byVolume != null ? byVolume.family() : nested ? RuleSearch.bestFamily(cells, obj, familyOf) : null;
    RuleSearch.Totals best = RuleSearch.select(finalFamily == null ? cells
        : cells.stream().filter(x -> familyOf.apply(x.candidate()).equals(finalFamily)).toList(), null, obj);
    DetectorSpec rule = Validation.spec(space, policies, best.key());
    List<RuleSearch.Fold> folds = checks.isEmpty() ? Validation.folds(cells, obj, nested, familyOf)
        : VolumeSelection.leaveOneOut(cells, checks, obj, familyOf, nested);
    List<Replay.Applied> applied = Validation.validatedAlerts(labelled, set.byId(), folds, space, policies, perIncident);
    Replay.Scores validated = Replay.score(applied, NabProfile.defaults());
    List<Validation.Fold> perFold = Validation.perFold(folds, space, policies, profile);
    Validation.Expected expected = Validation.expected(perFold);
    ctx.stage("validate (" + validation + " folds)", folds.size());
    List<Validation.Family> families = Validation.families(c.detectors(), cells, space, policies, obj);

    List<Robustness.Thinned> thinned = new ArrayList<>();
    for (double q : c.thin()) {
      thinned.add(Robustness.thinned(q, labelled, set.byId(), folds, space, policies, perIncident, profile, ctx));
    }
    double training = TrainingSet.inSample(cells, best.key()).normalised(profile);
    TuneOutputs.Findings f = new TuneOutputs.Findings(c, set, validation, nested ? "nested" : "flat",
        space.candidates().size(), policies, cells.size(), rule, training, validated, perFold, expected, families,
        thinned, applied, Validation.volumeStandings(standings, space, policies, profile));
    Thresholds thresholds = TuneOutputs.write(f, ctx, profile);
    return new Result(TuneOutputs.file(ctx), thresholds, rule, thresholds.validation(), training, validated.nabNormalised(),
        validated.operational(), families, thinned, cells.size(), perFold, expected);
  }
}
