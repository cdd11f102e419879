package io.crisislab.jobs.tune;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.tune.TuneJob.Defaults;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.Measure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab tune --series PATH --windows FILE --out DIR}. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = {"Tune surge detectors against labelled incident windows, with honest validation.",
        "Searches detectors × parameters × cool-downs × thresholds over Spark (a task per series × parameter block),",
        "validates leave-one-series-out (or leave-one-incident-out) and writes thresholds.json, tune.json and report.html."})
public final class TuneCommand extends JobCommand<TuneJob.Config> {
  @Option(names = "--series", required = true, paramLabel = "PATH",
      description = "timestamp,value CSV, a folder of them, or a posts dataset (run folder with posts/).")
  Path series;

  @Option(names = "--windows", required = true, paramLabel = "FILE",
      description = "Incident windows, NAB JSON {\"file.csv\": [[start, end], ...]} (generate's incidents.json).")
  Path windows;

  @Option(names = "--labels", paramLabel = "FILE", description = "NAB labels.json (incident peaks) for lead times; default: window centres.")
  Path labels;

  @Option(names = "--bucket-seconds", defaultValue = Defaults.BUCKET_SECONDS, paramLabel = "S", description = "Bucket width for posts, 0 = 300 s (default: ${DEFAULT-VALUE}); CSV series keep theirs.")
  int bucketSeconds;

  @Option(names = "--measure", defaultValue = Defaults.MEASURE, paramLabel = "M",
      description = "What posts series count: ${COMPLETION-CANDIDATES}; auto = negative (default: ${DEFAULT-VALUE}).")
  Measure measure;

  @Option(names = "--detectors", split = ",", paramLabel = "NAMES",
      description = {"Detector families to search (default: all): static, rolling-z, ewma, seasonal-mad, count-tail, cusum,",
          "surge, dispersion-tail, rate-cusum, vote (docs/tune.md says which are scale-free)."})
  List<String> detectors = new ArrayList<>();

  @Option(names = "--search", defaultValue = Defaults.SEARCH, paramLabel = "HOW", description = "${COMPLETION-CANDIDATES}: grid or seeded random search (default: ${DEFAULT-VALUE}).")
  SearchMethod search;

  @Option(names = "--random-candidates", defaultValue = Defaults.RANDOM_CANDIDATES, paramLabel = "N", description = "Random draws per detector (default: ${DEFAULT-VALUE}).")
  int randomCandidates;

  @Option(names = "--objective", defaultValue = Defaults.OBJECTIVE, paramLabel = "O",
      description = "${COMPLETION-CANDIDATES}; catch = most incidents with <= --max-false-alarms-per-week (default: ${DEFAULT-VALUE}).")
  Objective objective;

  @Option(names = "--max-false-alarms-per-week", defaultValue = Defaults.MAX_FALSE_ALARMS_PER_WEEK, paramLabel = "N", description = "Budget of objective catch (default: ${DEFAULT-VALUE}).")
  double maxFalseAlarmsPerWeek;

  @Option(names = "--validation", defaultValue = Defaults.VALIDATION, paramLabel = "V",
      description = "${COMPLETION-CANDIDATES}: leave one series out, one incident out, or series when >= 3 series (default: ${DEFAULT-VALUE}).")
  ValidationMode validation;

  @Option(names = "--thin", split = ",", paramLabel = "Q", description = "Also validate on binomially thinned copies (e.g. 0.3,0.1,0.03; seeded).")
  List<Double> thin = new ArrayList<>();

  @Option(names = "--select", defaultValue = Defaults.SELECT, paramLabel = "HOW",
      description = "flat: best rule of any detector on the training series; nested: detector chosen by an inner leave-one-out first; auto: nested from 10 series (default: ${DEFAULT-VALUE}).")
  FamilySelection select;

  @Option(names = "--select-thin", defaultValue = Defaults.SELECT_THIN, split = ",", paramLabel = "Q",
      description = "Choose the detector family also on thinned copies of the training series (rank only, thresholds stay tuned on the originals); 1 = off (default: ${DEFAULT-VALUE}).")
  List<Double> selectThin;

  @Option(names = "--augment-thin", split = ",", paramLabel = "Q",
      description = "Train also on binomially thinned copies (e.g. 0.3,0.1): tunes across volumes; validation holds a series out with its copies.")
  List<Double> augmentThin = new ArrayList<>();

  @Option(names = "--cooldown-hours", defaultValue = Defaults.COOLDOWN_HOURS, split = ",", paramLabel = "H", description = "Cool-downs to try (default: ${DEFAULT-VALUE}).")
  List<Double> cooldownHours;

  @Option(names = "--persistence", defaultValue = Defaults.PERSISTENCE, split = ",", paramLabel = "K/N", description = "Persistence options, e.g. 1/1,2/3 (default: ${DEFAULT-VALUE}).")
  List<String> persistence;

  @Option(names = "--block-size", defaultValue = Defaults.BLOCK_SIZE, paramLabel = "N", description = "Candidates per Spark task (default: ${DEFAULT-VALUE}).")
  int blockSize;

  @Option(names = "--max-charts", defaultValue = Defaults.MAX_CHARTS, paramLabel = "N", description = "Charts in the report at most (default: ${DEFAULT-VALUE}).")
  int maxCharts;

  @Override
  protected String jobName() {
    return "tune";
  }

  @Override
  protected TuneJob.Config config() {
    return TuneJob.Config.builder(series, windows).labels(labels).bucketSeconds(bucketSeconds).measure(measure)
        .detectors(detectors).search(search, randomCandidates).objective(objective, maxFalseAlarmsPerWeek)
        .validation(validation).thin(thin).cooldownHours(cooldownHours).persistence(persistence).blockSize(blockSize)
        .maxCharts(maxCharts).augmentThin(augmentThin).select(select)
        .selectThin(selectThin).build();
  }

  @Override
  protected void run(SparkSession spark, TuneJob.Config config, RunContext ctx) throws Exception {
    TuneJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("rules: " + runDir.resolve("thresholds.json"));
    progress.info("report: " + runDir.resolve("report.html"));
  }
}
