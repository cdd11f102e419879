package io.crisislab.jobs.run;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.run.FileDigest;
import io.crisislab.models.run.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run folder written atomically: the job writes into a hidden temporary sibling, and only a
 * successful {@link #commit} writes {@code manifest.json} and renames it into place. Closing an
 * uncommitted folder deletes the temporary one, so a crashed job leaves no half-written output; a
 * killed one ({@code kill -9}) leaves it, and the next run in the same parent folder removes it
 * ({@link #removedStale()}). {@code --out} is checked for writability before the job starts.
 */
public final class RunFolder implements AutoCloseable {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Path target;
  private final Path temp;
  private final boolean overwrite;
  private final Instant started = Instant.now();
  private final List<Path> removedStale = new ArrayList<>();
  /** File inside the temporary folder that the running process holds locked. */
  private static final String LIVE = ".running.lock";
  private FileChannel liveLock;
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
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new UsageException("--out " + target + " is a file, not a folder; choose another --out");
    }
    if (Files.exists(target) && !overwrite && !isEmptyDir(target)) {
      throw new UsageException("--out " + target + " already holds "
          + (Files.exists(target.resolve(RunManifest.FILE_NAME)) ? "a run" : "files")
          + "; choose another folder or pass --overwrite");
    }
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new UsageException("--out " + target + ": cannot create " + target.getParent() + ": " + reason(e), e);
    }
    // the run is renamed into place at the end, so both the parent and an existing target must be writable now
    for (Path p : Files.exists(target) ? List.of(target.getParent(), target) : List.of(target.getParent())) {
      if (!Files.isWritable(p)) {
        throw new UsageException("--out " + target + ": " + p + " is not writable (permission denied); choose another --out");
      }
    }
    List<Path> removed = removeStale(target.getParent());
    try {
      Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + shortId);
      Files.createDirectories(temp);
      RunFolder f = new RunFolder(runId, target, temp, overwrite);
      ACTIVE.put(temp.toString(), target.toString());
      f.liveLock = FileChannel.open(temp.resolve(LIVE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      f.liveLock.lock();
      f.removedStale.addAll(removed);
      return f;
    } catch (IOException e) {
      throw new UsageException("--out " + target + ": cannot create the run folder: " + reason(e), e);
    }
  }

  /** Temporary folder → final folder of every run folder open in this process (nested: the demo's steps). */
  private static final Map<String, String> ACTIVE = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A path as it will be once every open run folder has moved into place: a manifest (and a bundle
   * built from manifests) must name where an input will be, never a {@code .tmp-} folder that is
   * gone after the commit. Nested folders (a step inside the demo's folder) map inner first.
   */
  public static String finalPath(String path) {
    String p = path;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, String> e : ACTIVE.entrySet()) {
        String temp = e.getKey();
        if (p.equals(temp) || p.startsWith(temp + java.io.File.separator)) {
          p = e.getValue() + p.substring(temp.length());
          changed = true;
        }
      }
    }
    return p;
  }

  /** {@link #finalPath} applied to every string of a JSON-like value (maps, lists, strings). */
  static Object finalPaths(Object value) {
    if (value instanceof String str) {
      return finalPath(str);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), finalPaths(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(RunFolder::finalPaths).toList();
    }
    return value;
  }

  /** Names of leftover temporary folders (a killed run's {@code .X.tmp-id}, {@code .X.old-runid}). */
  private static final Pattern STALE = Pattern.compile("\\..+\\.(tmp-[0-9a-f]{8}|old-\\d{8}T\\d{6}Z-[0-9a-f]{8})");

  /**
   * Removes leftovers of runs killed before they could clean up ({@code kill -9}, power loss): hidden
   * {@code .X.tmp-id} / {@code .X.old-runid} folders in {@code parent} last modified before this
   * process started, so a run still going in another process is never touched.
   */
  static List<Path> removeStale(Path parent) {
    Instant processStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    List<Path> removed = new ArrayList<>();
    try (Stream<Path> s = Files.list(parent)) {
      for (Path p : s.filter(Files::isDirectory).filter(p -> STALE.matcher(p.getFileName().toString()).matches()).toList()) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(processStart) && !isLive(p)) {
          deleteTree(p);
          removed.add(p);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // cleaning up is a courtesy: a folder we cannot list or delete is left for the user
    }
    return removed;
  }

  /** Whether another live process holds the folder's {@link #LIVE} lock (the OS drops it when a process dies). */
  private static boolean isLive(Path folder) {
    Path lock = folder.resolve(LIVE);
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  private void releaseLock() {
    if (liveLock != null) {
      try {
        liveLock.close();
        Files.deleteIfExists(temp.resolve(LIVE));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + temp.resolve(LIVE), e);
      }
      liveLock = null;
    }
  }

  /** Leftover temporary folders removed when this run folder was opened. */
  public List<Path> removedStale() {
    return List.copyOf(removedStale);
  }

  /** The reason of an I/O failure in words (the exception's own message is often only the path). */
  static String reason(IOException e) {
    String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
        : e.getMessage();
    return e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " + why : why;
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
    releaseLock();
    FileDigest outputs = FileDigest.of(temp);
    List<FileDigest> inputs = ctx.inputs().stream()
        .map(d -> new FileDigest(finalPath(d.path()), d.bytes(), d.sha256(), d.files())).toList();
    @SuppressWarnings("unchecked")
    Map<String, Object> finalConfig = (Map<String, Object>) finalPaths(config);
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, ctx.job(), runId, version,
        gitCommit, "succeeded", started.toString(), Instant.now().toString(), finalConfig, ctx.seeds(),
        inputs, outputs.files(), ctx.counts(), environment);
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
      throw new DataException("cannot move the run folder into " + target + ": " + reason(e), e);
    }
    committed = true;
    ACTIVE.remove(temp.toString());
    return target;
  }

  @Override
  public void close() {
    if (!committed) {
      ACTIVE.remove(temp.toString());
      releaseLock();
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
