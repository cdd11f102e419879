package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.CommonOptions;
import io.crisislab.models.errors.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Ingest historical posts or volume series into canonical Parquet, quarantining bad rows. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest historical posts or volume series into canonical Parquet, quarantining bad rows.")
public final class IngestCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Override
  public Integer call() {
    throw new UsageException("'ingest' is not available in this build yet");
  }
}
