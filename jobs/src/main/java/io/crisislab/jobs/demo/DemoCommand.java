package io.crisislab.jobs.demo;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code crisislab demo [--out DIR]}: the whole pipeline on an embedded synthetic default (or on a
 * real export with {@code --data}), each step its own run folder below DIR, then the report and the
 * calibration bundle. Prints one progress line per step and where index.html and calibration.json are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole pipeline: generate (or ingest --data), ingest, train + calibrate, score,",
        "replay + tune, simulate the example plans and compare them, report and calibration bundle.",
        "Each step writes its own run folder below --out; the demo prints where index.html and calibration.json are."})
public final class DemoCommand extends JobCommand<DemoJob.Config, DemoJob.Result> {
  public DemoCommand() {
    super("demo", DemoJob.OPTIONS, DemoJob::run);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress, DemoJob.Result result) {
    progress.info(String.format(Locale.ROOT, "finished in %.0f s", progress.elapsedSeconds()));
    if (result != null) {
      for (String note : result.notes()) {
        progress.info("note: " + note);
      }
      Path report = runDir.resolve(result.reportRelative());
      progress.info("outputs:");
      progress.info("  report (open this first): " + report.resolve("index.html"));
      progress.info("  post-mortem for PR leads: " + report.resolve("postmortem.md"));
      progress.info("  figures for machines:     " + report.resolve("summary.json") + " (data/schemas/summary.md)");
      progress.info("  calibration bundle:       " + (result.hasBundle() ? report.resolve("calibration.json")
          : "not written (no train, tune or simulate step ran)"));
      progress.info("open first: " + report.resolve("index.html") + " in a browser; its first screen is the summary");
    }
    progress.info("run folders: " + runDir);
  }
}
