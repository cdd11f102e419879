package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'detectors' replaces this class. */
@Command(name = "detectors", mixinStandardHelpOptions = true, description = "Benchmark: detectors (not available yet).")
public final class BenchDetectors implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'detectors' is not available in this build yet");
  }
}
