package io.crisislab.jobs.run;

import io.crisislab.models.run.FileDigest;
import io.crisislab.models.run.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running job may touch: its (temporary) run folder, its seed and progress line, and the
 * provenance it records for {@code manifest.json}. A job writes only below {@link #dir()}.
 */
public final class RunContext {
  private final String job;
  private final String runId;
  private final Path dir;
  private final long seed;
  private final Progress progress;
  private final Map<String, Long> seeds = new LinkedHashMap<>();
  private final List<FileDigest> inputs = new ArrayList<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();

  public RunContext(String job, String runId, Path dir, long seed, Progress progress) {
    this.job = job;
    this.runId = runId;
    this.dir = dir;
    this.seed = seed;
    this.progress = progress;
    seeds.put("master", seed);
  }

  public String job() {
    return job;
  }

  public String runId() {
    return runId;
  }

  /** The folder to write into; it becomes the final run folder when the job succeeds. */
  public Path dir() {
    return dir;
  }

  /** Resolves a path inside the run folder. */
  public Path file(String relative) {
    return dir.resolve(relative);
  }

  /** The master seed of the run. */
  public long seed() {
    return seed;
  }

  public Progress progress() {
    return progress;
  }

  /**
   * The seed for one purpose ({@code split}, {@code folds}, ...) derived from the master seed by
   * {@link Seeds#derive}, recorded in the manifest. The only way a job gets a seed other than the
   * master seed itself.
   */
  public synchronized long seed(String purpose) {
    long value = Seeds.derive(seed, purpose);
    seeds.put(purpose, value);
    return value;
  }

  /** Records the master seed used as is for one purpose (a job with a single random stream). */
  public synchronized void seed(String purpose, long value) {
    seeds.put(purpose, value);
  }

  /** Records an input file or folder with its checksum; a missing one is a usage error naming it. */
  public synchronized void input(Path path) {
    if (!java.nio.file.Files.exists(path)) {
      throw new io.crisislab.models.errors.UsageException(path + ": no such file or folder");
    }
    inputs.add(FileDigest.of(path));
  }

  /** Records an input that is not a file of its own (e.g. a model inside a jar), digested by its owner. */
  public synchronized void input(FileDigest digest) {
    inputs.add(digest);
  }

  /** Records a row count for a stage (rows). */
  public synchronized void count(String name, long rows) {
    counts.put(name, rows);
  }

  /** Records a stage's rows and prints its progress line. */
  public void stage(String name, long rows) {
    count(name, rows);
    progress.stage(name, rows);
  }

  synchronized Map<String, Long> seeds() {
    return new LinkedHashMap<>(seeds);
  }

  synchronized List<FileDigest> inputs() {
    return new ArrayList<>(inputs);
  }

  synchronized Map<String, Long> counts() {
    return new LinkedHashMap<>(counts);
  }
}
