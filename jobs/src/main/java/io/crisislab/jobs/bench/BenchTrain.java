package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmark placeholder: the issue that owns 'train' replaces this class. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Benchmark: train (not available yet).")
public final class BenchTrain implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("benchmark 'train' is not available in this build yet");
  }
}
