package io.crisislab.jobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.errors.DataException;
import java.util.Optional;

/**
 * {@code metrics.json} of a train run ({@code data/schemas/scorer.md}): camelCase keys since format
 * version 2 (version 1, without {@code formatVersion}, had snake_case keys and is refused, so a
 * reader never silently finds nothing under a renamed key).
 */
public final class TrainMetrics {
  public static final String FILE = "metrics.json";
  public static final int FORMAT_VERSION = 2;
  public static final String VERSION_KEY = "formatVersion";

  private TrainMetrics() {}

  /** The run's metrics, empty when it has none; a DataException naming the file for another version. */
  public static Optional<JsonNode> read(RunInfo train) {
    Optional<JsonNode> m = train.json(FILE);
    m.ifPresent(node -> {
      JsonNode v = node.get(VERSION_KEY);
      if (v == null || !v.canConvertToInt() || v.asInt() != FORMAT_VERSION) {
        throw new DataException(train.file(FILE) + ": metrics format version "
            + (v == null ? "1 (snake_case keys, no formatVersion)" : v.asText()) + " is not read; this CrisisLab reads "
            + "version " + FORMAT_VERSION + " (camelCase keys): re-run train");
      }
    });
    return m;
  }
}
