package io.crisislab.jobs.report;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code crisislab report --runs DIR... --out DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Build index.html (self-contained), postmortem.md and summary.json from run folders,",
        "and calibration.json (the bundle live tools load) when train/tune/simulate runs are among them."})
public final class ReportCommand extends JobCommand<ReportJob.Config, ReportJob.Result> {
  public ReportCommand() {
    super("report", ReportJob.OPTIONS, ReportJob::run, output("report", "index.html"),
        output("post-mortem", "postmortem.md"), output("summary", "summary.json"));
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress, ReportJob.Result r) {
    if (r.bundle() != null) {
      progress.info("calibration bundle: " + runDir.resolve(r.bundle().getFileName()));
    }
    super.afterCommit(runDir, progress, r);
  }
}
