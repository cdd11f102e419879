package io.crisislab.jobs.replay;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.replay.ReplayJob.Defaults;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.Measure;
import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.models.errors.UsageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab replay --series PATH [--rules thresholds.json] [--windows W] --out DIR}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild volume series and replay surge detectors or tuned rules over them.",
        "Writes alerts.json ({series: [alert bucket timestamps]}), replay.json and report.html;",
        "with --windows also the NAB scores (standard, reward_low_FP_rate, reward_low_FN_rate) and lead times."})
public final class ReplayCommand extends JobCommand<ReplayJob.Config> {
  @Option(names = "--series", required = true, paramLabel = "PATH",
      description = "timestamp,value CSV, a folder of them, or a posts dataset (run folder with posts/).")
  Path series;

  @Option(names = "--rules", paramLabel = "FILE", description = "thresholds.json from 'crisislab tune'.")
  Path rules;

  @Option(names = "--windows", paramLabel = "FILE",
      description = "Incident windows, NAB JSON {\"file.csv\": [[start, end], ...]} (generate's incidents.json).")
  Path windows;

  @Option(names = "--bucket-seconds", defaultValue = Defaults.BUCKET_SECONDS, paramLabel = "S",
      description = "Bucket width for posts, 0 = 300 s (default: ${DEFAULT-VALUE}); CSV series keep theirs.")
  int bucketSeconds;

  @Option(names = "--measure", defaultValue = Defaults.MEASURE, paramLabel = "M",
      description = "What posts series count: ${COMPLETION-CANDIDATES}; auto = negative, expected-negative = sum of p_negative (default: ${DEFAULT-VALUE}).")
  Measure measure;

  @Option(names = "--detector", paramLabel = "NAME",
      description = "Apply this detector to every series instead of rules: static, rolling-z, ewma, seasonal-mad, count-tail, cusum, surge.")
  String detector;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A detector parameter (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--threshold", paramLabel = "X", description = "Alert threshold for --detector.")
  Double threshold;

  @Option(names = "--cooldown", defaultValue = Defaults.COOLDOWN, paramLabel = "BUCKETS", description = "Cool-down for --detector (default: ${DEFAULT-VALUE}).")
  int cooldown;

  @Option(names = "--max-charts", defaultValue = Defaults.MAX_CHARTS, paramLabel = "N", description = "Charts in the report at most (default: ${DEFAULT-VALUE}).")
  int maxCharts;

  @Override
  protected String jobName() {
    return "replay";
  }

  @Override
  protected boolean needsSpark() {
    return !SeriesSource.isCsv(series);
  }

  @Override
  protected ReplayJob.Config config() {
    Map<String, Double> p = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      try {
        p.put(k, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new UsageException("--param " + k + "=" + v + ": value must be a number");
      }
    });
    return ReplayJob.Config.builder(series).rules(rules).windows(windows).bucketSeconds(bucketSeconds).measure(measure)
        .detector(detector, p, threshold).cooldownBuckets(cooldown).maxCharts(maxCharts).build();
  }

  @Override
  protected void run(SparkSession spark, ReplayJob.Config config, RunContext ctx) throws Exception {
    ReplayJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("alerts: " + runDir.resolve("alerts.json"));
    progress.info("report: " + runDir.resolve("report.html"));
  }
}
