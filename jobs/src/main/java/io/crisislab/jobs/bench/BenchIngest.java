package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'ingest' replaces this class. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Benchmark: ingest (not available yet).")
public final class BenchIngest implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'ingest' is not available in this build yet");
  }
}
