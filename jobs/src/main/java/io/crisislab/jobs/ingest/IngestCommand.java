package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code crisislab ingest}: historical posts into canonical Parquet, bad rows into quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest historical posts into canonical Parquet (posts/, partitioned by brand and UTC day),",
        "quarantining bad rows (quarantine/, with source line and reason code) and writing ingest-report.json."})
public final class IngestCommand extends JobCommand<IngestJob.Config, IngestJob.Result> {
  public IngestCommand() {
    super("ingest", IngestJob.OPTIONS, IngestJob::run);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress, IngestJob.Result r) {
    progress.info(String.format(Locale.ROOT, "read %,d, accepted %,d, rejected %,d, duplicates %,d",
        r.report().read(), r.report().accepted(), r.report().rejected(), r.report().duplicates()));
    r.report().warnings().forEach(w -> progress.info("warning: " + w));
    progress.info("run folder: " + runDir + " (" + (settings().get(IngestJob.FORMAT) == Format.NAB ? "series/" : "posts/") + ", quarantine/, ingest-report.json)");
  }
}
