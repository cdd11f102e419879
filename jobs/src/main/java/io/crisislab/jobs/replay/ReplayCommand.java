package io.crisislab.jobs.replay;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Rebuild volume series and replay surge detectors or tuned rules over them. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rebuild volume series and replay surge detectors or tuned rules over them.")
public final class ReplayCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'replay' is not available in this build yet");
  }
}
