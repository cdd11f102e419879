package io.crisislab.jobs.replay;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.series.SeriesSource;
import picocli.CommandLine.Command;

/** {@code crisislab replay --series PATH [--rules thresholds.json] [--windows W] --out DIR}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild volume series and replay surge detectors or tuned rules over them.",
        "Writes alerts.json ({series: [alert bucket timestamps]}), replay.json and report.html;",
        "with --windows also the NAB scores (standard, reward_low_FP_rate, reward_low_FN_rate) and lead times."})
public final class ReplayCommand extends JobCommand<ReplayJob.Config, ReplayJob.Result> {
  public ReplayCommand() {
    super("replay", ReplayJob.OPTIONS, ReplayJob::run, output("alerts", "alerts.json"), output("report", "report.html"));
  }

  @Override
  protected boolean needsSpark() {
    return !SeriesSource.isCsv(settings().get(ReplayJob.SERIES));
  }
}
