package io.crisislab.jobs.score;

import io.crisislab.jobs.cli.JobCommand;
import picocli.CommandLine.Command;

/** {@code crisislab score}: adds p_negative, is_negative and reason to posts. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score posts with a trained classifier: p_negative, is_negative, reason (Parquet under scored/).")
public final class ScoreCommand extends JobCommand<ScoreJob.Config, ScoreJob.Result> {
  public ScoreCommand() {
    super("score", ScoreJob.OPTIONS, ScoreJob::run);
  }
}
