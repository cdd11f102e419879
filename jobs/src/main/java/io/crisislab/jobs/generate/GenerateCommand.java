package io.crisislab.jobs.generate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab generate}: a synthetic stream with planted incidents. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate a realistic synthetic post stream with planted incidents: posts/ (canonical Parquet,",
        "labels and negative reasons) and incidents.json (ground-truth windows per brand/channel, NAB layout)."})
public final class GenerateCommand extends JobCommand<GenerateJob.Config> {
  @Override
  protected String jobName() {
    return "generate";
  }

  @Override
  protected Options<GenerateJob.Config> options() {
    return GenerateJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, GenerateJob.Config config, RunContext ctx) {
    GenerateJob.Result r = GenerateJob.run(spark, config, ctx);
    ctx.progress().info(String.format(Locale.ROOT, "%,d posts, %d brands, %d incidents",
        r.posts(), r.model().brands().size(), r.model().incidents().size()));
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (posts/, incidents.json, incident-details.json)");
  }
}
