package io.crisislab.jobs.generate;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Generate realistic synthetic post streams with planted incidents (issue: social data in). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate realistic synthetic post streams with planted incidents (issue: social data in).")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'generate' is not available in this build yet");
  }
}
