package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Train, evaluate, calibrate and export a negativity classifier. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train, evaluate, calibrate and export a negativity classifier.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'train' is not available in this build yet");
  }
}
