package io.crisislab.jobs.simulate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code crisislab simulate}: Monte Carlo simulation of a crisis plan's response times. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Monte Carlo simulation of a crisis plan's response times (discrete-event model on Spark).",
        "Writes replications.parquet, summary.json (milestones with 95%% CIs, SLA breaches, bottlenecks, "
            + "±25%% sensitivity) and, with --tabletop, tabletop.md; with --compare, a/ b/ and comparison.json."})
public final class SimulateCommand extends JobCommand<SimulateJob.Config, SimulateJob.Result> {
  public SimulateCommand() {
    super("simulate", SimulateJob.OPTIONS, SimulateJob::run);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress, SimulateJob.Result r) {
    progress.info("run folder: " + runDir + " (summary.json" + (settings().get(SimulateJob.COMPARE).isEmpty() ? "" : ", comparison.md")
        + (settings().get(SimulateJob.TABLETOP) ? ", tabletop.md" : "") + ")");
  }
}
