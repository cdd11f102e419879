package io.crisislab.jobs.simulate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab simulate}: Monte Carlo simulation of a crisis plan's response times. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Monte Carlo simulation of a crisis plan's response times (discrete-event model on Spark).",
        "Writes replications.parquet, summary.json (milestones with 95%% CIs, SLA breaches, bottlenecks, "
            + "±25%% sensitivity) and, with --tabletop, tabletop.md; with --compare, a/ b/ and comparison.json."})
public final class SimulateCommand extends JobCommand<SimulateJob.Config> {
  @Override
  protected String jobName() {
    return "simulate";
  }

  @Override
  protected Options<SimulateJob.Config> options() {
    return SimulateJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, SimulateJob.Config config, RunContext ctx) {
    SimulateJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (summary.json" + (settings().get(SimulateJob.COMPARE).isEmpty() ? "" : ", comparison.md")
        + (settings().get(SimulateJob.TABLETOP) ? ", tabletop.md" : "") + ")");
  }
}
