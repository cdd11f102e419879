package io.crisislab.jobs.replay;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.SeriesSource;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab replay --series PATH [--rules thresholds.json] [--windows W] --out DIR}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild volume series and replay surge detectors or tuned rules over them.",
        "Writes alerts.json ({series: [alert bucket timestamps]}), replay.json and report.html;",
        "with --windows also the NAB scores (standard, reward_low_FP_rate, reward_low_FN_rate) and lead times."})
public final class ReplayCommand extends JobCommand<ReplayJob.Config> {
  @Override
  protected String jobName() {
    return "replay";
  }

  @Override
  protected boolean needsSpark() {
    return !SeriesSource.isCsv(settings().get(ReplayJob.SERIES));
  }

  @Override
  protected Options<ReplayJob.Config> options() {
    return ReplayJob.OPTIONS;
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
