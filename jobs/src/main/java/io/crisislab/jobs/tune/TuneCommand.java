package io.crisislab.jobs.tune;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Tune surge detectors against labelled incident windows, with honest validation. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Tune surge detectors against labelled incident windows, with honest validation.")
public final class TuneCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'tune' is not available in this build yet");
  }
}
