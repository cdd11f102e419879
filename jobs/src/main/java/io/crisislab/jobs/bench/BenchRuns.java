package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import picocli.CommandLine.Option;

/** The {@code --runs} option every benchmark shares: timed runs of each side, medians reported. */
final class BenchRuns {
  @Option(names = "--runs", defaultValue = "3", paramLabel = "N",
      description = "Timed runs of each side; medians are reported (default: ${DEFAULT-VALUE}).")
  int runs;

  /** The number of runs, at least 1. */
  int count() {
    return (int) atLeastOne("--runs", runs);
  }

  /** {@code v}, the value of {@code flag}, checked to be at least 1. */
  static long atLeastOne(String flag, long v) {
    if (v < 1) {
      throw new UsageException(flag + " must be at least 1, got " + v);
    }
    return v;
  }
}
