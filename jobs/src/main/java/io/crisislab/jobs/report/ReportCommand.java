package io.crisislab.jobs.report;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab report --runs DIR... --out DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Build index.html (self-contained), postmortem.md and summary.json from run folders,",
        "and calibration.json (the bundle live tools load) when train/tune/simulate runs are among them."})
public final class ReportCommand extends JobCommand<ReportJob.Config> {
  private ReportJob.Result result;

  @Override
  protected String jobName() {
    return "report";
  }

  @Override
  protected Options<ReportJob.Config> options() {
    return ReportJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, ReportJob.Config config, RunContext ctx) {
    result = ReportJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("report: " + runDir.resolve("index.html"));
    progress.info("post-mortem: " + runDir.resolve("postmortem.md"));
    progress.info("summary: " + runDir.resolve("summary.json"));
    if (result != null && result.bundle() != null) {
      progress.info("calibration bundle: " + runDir.resolve(result.bundle().getFileName()));
    }
  }
}
