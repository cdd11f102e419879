package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'simulate' replaces this class. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Benchmark: simulate (not available yet).")
public final class BenchSimulate implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'simulate' is not available in this build yet");
  }
}
