package io.crisislab.models.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crisislab.models.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Provenance of one job run, saved as {@code manifest.json} in the run folder (format owned here,
 * pinned by a golden-file test).
 *
 * <p>Invariants: {@code schemaVersion} is {@link #SCHEMA_VERSION}; times are ISO-8601 UTC instants;
 * every input carries its size in bytes and SHA-256 so a later reader can tell whether the data it
 * holds is the data this run saw; {@code counts} are row counts (units: rows) keyed by stage.
 *
 * @param schemaVersion format version of this file
 * @param job the subcommand that ran (e.g. {@code train})
 * @param runId unique id of the run, {@code <UTC timestamp>-<shortid>}
 * @param version CrisisLab version
 * @param gitCommit commit of the source tree if known, else null
 * @param status {@code succeeded} or {@code failed}
 * @param startedAt ISO-8601 UTC start time
 * @param finishedAt ISO-8601 UTC end time
 * @param config the resolved configuration (after YAML and flags), as plain JSON values
 * @param seeds every seed the run used, by purpose
 * @param inputs the files or folders read, with checksums
 * @param outputs the files written into the run folder, with checksums
 * @param counts row counts by stage (rows)
 * @param environment Spark, Java, OS versions and the machine's cores
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunManifest(
    int schemaVersion,
    String job,
    String runId,
    String version,
    String gitCommit,
    String status,
    String startedAt,
    String finishedAt,
    Map<String, Object> config,
    Map<String, Long> seeds,
    List<FileDigest> inputs,
    List<FileDigest> outputs,
    Map<String, Long> counts,
    Map<String, String> environment) {

  /** Current format version of {@code manifest.json}. */
  public static final int SCHEMA_VERSION = 1;

  /** File name of the manifest inside a run folder. */
  public static final String FILE_NAME = "manifest.json";

  public RunManifest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(runId, "runId");
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported manifest schemaVersion " + schemaVersion
          + " (this build reads " + SCHEMA_VERSION + ")");
    }
    config = config == null ? Map.of() : new TreeMap<>(config);
    seeds = seeds == null ? Map.of() : new TreeMap<>(seeds);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    counts = counts == null ? Map.of() : new TreeMap<>(counts);
    environment = environment == null ? Map.of() : new TreeMap<>(environment);
  }

  /** Serialises to the canonical JSON text. */
  public String toJson() {
    return Json.write(this);
  }

  /** Reads a manifest file; fails on unknown keys or another schema version. */
  public static RunManifest read(Path file) {
    return Json.read(file, RunManifest.class);
  }
}
