package io.crisislab.jobs.score;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.run.RunContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code crisislab score}: adds p_negative, is_negative and reason to posts. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score posts with a trained classifier: p_negative, is_negative, reason (Parquet under scored/).")
public final class ScoreCommand extends JobCommand<ScoreJob.Config> {
  @Override
  protected String jobName() {
    return "score";
  }

  @Override
  protected Options<ScoreJob.Config> options() {
    return ScoreJob.OPTIONS;
  }

  @Override
  protected void run(SparkSession spark, ScoreJob.Config config, RunContext ctx) {
    ScoreJob.run(spark, config, ctx);
  }
}
