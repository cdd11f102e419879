package io.crisislab.jobs.tune;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab tune --series PATH --windows FILE --out DIR}. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = {"Tune surge detectors against labelled incident windows, with honest validation.",
        "Searches detectors × parameters × cool-downs × thresholds over Spark (a task per series × parameter block),",
        "validates leave-one-series-out (or leave-one-incident-out) and writes thresholds.json, tune.json and report.html."})
public final class TuneCommand extends JobCommand<TuneJob.Config> {
  @Override
  protected String jobName() {
    return "tune";
  }

  @Override
  protected Options<TuneJob.Config> options() {
    return TuneJob.OPTIONS;
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
