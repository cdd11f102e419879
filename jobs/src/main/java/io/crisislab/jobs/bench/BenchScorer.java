package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'scorer' replaces this class. */
@Command(name = "scorer", mixinStandardHelpOptions = true, description = "Benchmark: scorer (not available yet).")
public final class BenchScorer implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'scorer' is not available in this build yet");
  }
}
