package io.crisislab.jobs.score;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Score posts with a trained classifier: p_negative, is_negative, reason. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score posts with a trained classifier: p_negative, is_negative, reason.")
public final class ScoreCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'score' is not available in this build yet");
  }
}
