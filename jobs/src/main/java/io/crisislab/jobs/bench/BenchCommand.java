package io.crisislab.jobs.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code crisislab bench <name>}: measures, prints and appends a row to BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: each appends a row (median of runs, peer ratio) to BENCHMARKS.md.",
    subcommands = {BenchIngest.class, BenchGenerate.class, BenchTrain.class, BenchScorer.class,
        BenchDetectors.class, BenchSimulate.class})
public final class BenchCommand implements Runnable {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark name");
  }
}
