package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab ingest}: historical posts into canonical Parquet, bad rows into quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest historical posts into canonical Parquet (posts/, partitioned by brand and UTC day),",
        "quarantining bad rows (quarantine/, with source line and reason code) and writing ingest-report.json."})
public final class IngestCommand extends JobCommand<IngestJob.Config> {
  @Override
  protected String jobName() {
    return "ingest";
  }

  @Override
  protected Options<IngestJob.Config> options() {
    return IngestJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, IngestJob.Config config, RunContext ctx) {
    IngestJob.Result r = IngestJob.run(spark, config, ctx);
    ctx.progress().info(String.format(java.util.Locale.ROOT, "read %,d, accepted %,d, rejected %,d, duplicates %,d",
        r.report().read(), r.report().accepted(), r.report().rejected(), r.report().duplicates()));
    r.report().warnings().forEach(w -> ctx.progress().info("warning: " + w));
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (" + (settings().get(IngestJob.FORMAT) == Format.NAB ? "series/" : "posts/") + ", quarantine/, ingest-report.json)");
  }
}
