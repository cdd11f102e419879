package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'generate' replaces this class. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Benchmark: generate (not available yet).")
public final class BenchGenerate implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'generate' is not available in this build yet");
  }
}
