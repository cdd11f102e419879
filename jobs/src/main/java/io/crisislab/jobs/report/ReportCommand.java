package io.crisislab.jobs.report;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Build HTML/Markdown/JSON reports and the calibration bundle from run folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Build HTML/Markdown/JSON reports and the calibration bundle from run folders.")
public final class ReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'report' is not available in this build yet");
  }
}
