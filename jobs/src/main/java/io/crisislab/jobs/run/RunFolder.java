package io.crisislab.jobs.run;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.run.FileDigest;
import io.crisislab.models.run.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A run folder written atomically: the job writes into a hidden temporary sibling, and only a
 * successful {@link #commit} writes {@code manifest.json} and renames it into place. Closing an
 * uncommitted folder deletes the temporary one, so a crashed job leaves no half-written output.
 */
public final class RunFolder implements AutoCloseable {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Path target;
  private final Path temp;
  private final boolean overwrite;
  private final Instant started = Instant.now();
  private boolean committed;

  private RunFolder(String runId, Path target, Path temp, boolean overwrite) {
    this.runId = runId;
    this.target = target;
    this.temp = temp;
    this.overwrite = overwrite;
  }

  /**
   * Opens a run folder for {@code job}.
   *
   * @param out the folder asked for, or null for {@code runsRoot/<job>/<timestamp>-<shortid>}
   * @param overwrite whether an existing run at {@code out} may be replaced
   * @throws UsageException if {@code out} already holds files and {@code overwrite} is false
   */
  public static RunFolder open(String job, Path out, boolean overwrite, Path runsRoot) {
    String shortId = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    String runId = STAMP.format(now) + "-" + shortId;
    Path target = (out != null ? out : runsRoot.resolve(job).resolve(runId)).toAbsolutePath().normalize();
    if (Files.exists(target) && !overwrite && !isEmptyDir(target)) {
      throw new UsageException("--out " + target + " already holds "
          + (Files.exists(target.resolve(RunManifest.FILE_NAME)) ? "a run" : "files")
          + "; choose another folder or pass --overwrite");
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + shortId);
      Files.createDirectories(temp);
      return new RunFolder(runId, target, temp, overwrite);
    } catch (IOException e) {
      throw new UsageException("--out " + target + ": cannot create the run folder: " + e.getMessage(), e);
    }
  }

  public String runId() {
    return runId;
  }

  /** Where the job writes while it runs. */
  public Path workDir() {
    return temp;
  }

  /** Where the run ends up. */
  public Path target() {
    return target;
  }

  public Instant started() {
    return started;
  }

  /**
   * Writes the manifest (listing every output file with its checksum) and moves the folder into place.
   *
   * @return the final run folder
   */
  public Path commit(RunContext ctx, Map<String, Object> config, String version, String gitCommit,
      Map<String, String> environment) {
    FileDigest outputs = FileDigest.of(temp);
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, ctx.job(), runId, version,
        gitCommit, "succeeded", started.toString(), Instant.now().toString(), config, ctx.seeds(),
        ctx.inputs(), outputs.files(), ctx.counts(), environment);
    AtomicFiles.writeString(temp.resolve(RunManifest.FILE_NAME), manifest.toJson());
    try {
      Path trash = null;
      if (Files.exists(target)) {
        if (!overwrite && !isEmptyDir(target)) {
          throw new UsageException("--out " + target + " was filled by someone else during the run");
        }
        trash = target.resolveSibling("." + target.getFileName() + ".old-" + runId);
        Files.move(target, trash);
      }
      AtomicFiles.move(temp, target);
      if (trash != null) {
        deleteTree(trash);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move run folder into " + target, e);
    }
    committed = true;
    return target;
  }

  @Override
  public void close() {
    if (!committed) {
      deleteTree(temp);
    }
  }

  private static boolean isEmptyDir(Path p) {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes a folder tree, ignoring what is already gone. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
