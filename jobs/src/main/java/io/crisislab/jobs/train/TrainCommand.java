package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab train}: train, evaluate, calibrate and export a negativity classifier. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train, evaluate, calibrate and export a negativity classifier.",
        "Writes model/, scorer.json, metrics.json, predictions/, model-card.html and model-card.md into the run folder."})
public final class TrainCommand extends JobCommand<TrainJob.Config> {
  @Override
  protected String jobName() {
    return "train";
  }

  @Override
  protected Options<TrainJob.Config> options() {
    return TrainJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, TrainJob.Config config, RunContext ctx) {
    TrainJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("metrics: " + runDir.resolve(TrainJob.METRICS));
    progress.info("model card: " + runDir.resolve("model-card.html"));
    super.afterCommit(runDir, progress);
  }
}
