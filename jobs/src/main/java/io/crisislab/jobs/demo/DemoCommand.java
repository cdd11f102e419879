package io.crisislab.jobs.demo;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Run the whole pipeline on an embedded synthetic default. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on an embedded synthetic default.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'demo' is not available in this build yet");
  }
}
