package io.crisislab.jobs.tune;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
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

  @Option(names = "--bucket-seconds", defaultValue = "0", paramLabel = "S", description = "Bucket width for posts (default 300 s).")
  int bucketSeconds;

  @Option(names = "--measure", defaultValue = "auto", paramLabel = "M",
      description = "What posts series count: auto (= negative), count, negative, expected-negative.")
  String measure;

  @Option(names = "--detectors", split = ",", paramLabel = "NAMES",
      description = {"Detector families to search (default: all): static, rolling-z, ewma, seasonal-mad, count-tail, cusum,",
          "surge, dispersion-tail, rate-cusum, vote (docs/tune.md says which are scale-free)."})
  List<String> detectors = new ArrayList<>();

  @Option(names = "--search", defaultValue = "grid", paramLabel = "grid|random", description = "Grid or seeded random search (default: ${DEFAULT-VALUE}).")
  String search;

  @Option(names = "--random-candidates", defaultValue = "20", paramLabel = "N", description = "Random draws per detector (default: ${DEFAULT-VALUE}).")
  int randomCandidates;

  @Option(names = "--objective", defaultValue = "nab-standard", paramLabel = "O",
      description = "nab-standard, nab-low-fp, nab-low-fn, or catch (most incidents with <= --max-false-alarms-per-week).")
  String objective;

  @Option(names = "--max-false-alarms-per-week", defaultValue = "1", paramLabel = "N", description = "Budget of objective catch (default: ${DEFAULT-VALUE}).")
  double maxFalseAlarmsPerWeek;

  @Option(names = "--validation", defaultValue = "auto", paramLabel = "V",
      description = "series (leave-one-series-out), incident (leave-one-incident-out) or auto (series when >= 3 series).")
  String validation;

  @Option(names = "--thin", split = ",", paramLabel = "Q", description = "Also validate on binomially thinned copies (e.g. 0.3,0.1,0.03; seeded).")
  List<Double> thin = new ArrayList<>();

  @Option(names = "--select", defaultValue = "auto", paramLabel = "auto|flat|nested",
      description = "flat: best rule of any detector on the training series; nested: detector chosen by an inner leave-one-out first; auto: nested from 10 series (default: ${DEFAULT-VALUE}).")
  String select;

  @Option(names = "--augment-thin", split = ",", paramLabel = "Q",
      description = "Train also on binomially thinned copies (e.g. 0.3,0.1): tunes across volumes; validation holds a series out with its copies.")
  List<Double> augmentThin = new ArrayList<>();

  @Option(names = "--cooldown-hours", split = ",", paramLabel = "H", description = "Cool-downs to try (default 6,12,24,48).")
  List<Double> cooldownHours = new ArrayList<>();

  @Option(names = "--persistence", split = ",", paramLabel = "K/N", description = "Persistence options (default 1/1), e.g. 1/1,2/3.")
  List<String> persistence = new ArrayList<>();

  @Option(names = "--block-size", defaultValue = "8", paramLabel = "N", description = "Candidates per Spark task (default: ${DEFAULT-VALUE}).")
  int blockSize;

  @Option(names = "--max-charts", defaultValue = "60", paramLabel = "N", description = "Charts in the report at most.")
  int maxCharts;

  @Override
  protected String jobName() {
    return "tune";
  }

  @Override
  protected TuneJob.Config config() {
    return new TuneJob.Config(series, windows, labels, bucketSeconds, measure, detectors, search, randomCandidates, objective,
        maxFalseAlarmsPerWeek, validation, thin, cooldownHours, persistence, blockSize, maxCharts, augmentThin, select);
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
