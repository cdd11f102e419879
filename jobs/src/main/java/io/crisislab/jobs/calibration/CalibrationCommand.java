package io.crisislab.jobs.calibration;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code crisislab calibration diff OLD NEW} (placeholder until the bundle issue lands). */
@Command(name = "calibration", mixinStandardHelpOptions = true,
    description = "Inspect calibration bundles: diff OLD NEW shows what would change for live tools.")
public final class CalibrationCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'calibration' is not available in this build yet");
  }
}
