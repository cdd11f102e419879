package io.crisislab.jobs.score;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab score}: adds p_negative, is_negative and reason to posts. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score posts with a trained classifier: p_negative, is_negative, reason (Parquet under scored/).")
public final class ScoreCommand extends JobCommand<ScoreJob.Config> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Train run folder (scorer.json + model/).")
  Path model;

  @Option(names = "--posts", required = true, paramLabel = "DIR", description = "Posts to score (run folder with posts/ or Parquet folder).")
  Path posts;

  @Override
  protected String jobName() {
    return "score";
  }

  @Override
  protected ScoreJob.Config config() {
    return new ScoreJob.Config(model, posts);
  }

  @Override
  protected void run(SparkSession spark, ScoreJob.Config config, RunContext ctx) {
    ScoreJob.run(spark, config, ctx);
  }
}
