package io.crisislab.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every job takes. Their values can also come from the {@code --config} YAML file
 * (top-level keys named like the long option without dashes); a flag on the command line wins.
 */
public final class CommonOptions {
  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master: local[*] (default, embedded), local[N], spark://host:7077, yarn, k8s://…")
  public String master;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Run folder to create (default: runs/<job>/<UTC timestamp>-<shortid>). Refused if it holds a run, unless --overwrite.")
  public Path out;

  @Option(names = "--overwrite", description = "Replace an existing run folder given by --out.")
  public boolean overwrite;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Master seed; every random stream of the run derives from it (default: ${DEFAULT-VALUE}).")
  public long seed;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file of option values (keys are long option names without dashes; a section named after the subcommand holds its own options). Flags override it.")
  public Path config;

  @Option(names = {"-v", "--verbose"}, description = "Show Spark's own logs and full stack traces.")
  public boolean verbose;

  @Option(names = "--shuffle-partitions", paramLabel = "N", defaultValue = "8",
      description = "spark.sql.shuffle.partitions for this run (default: ${DEFAULT-VALUE}).")
  public int shufflePartitions;
}
