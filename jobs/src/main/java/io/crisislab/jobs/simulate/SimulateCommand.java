package io.crisislab.jobs.simulate;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Monte Carlo simulation of a crisis plan's response times. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Monte Carlo simulation of a crisis plan's response times.")
public final class SimulateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'simulate' is not available in this build yet");
  }
}
