package io.crisislab.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import io.crisislab.models.run.RunManifest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A committed run folder as the report sees it: its folder, its manifest (whose {@code job} field
 * decides which report section it feeds) and the manifest's checksum for the bundle's provenance.
 */
public record RunInfo(Path dir, RunManifest manifest, String manifestSha256) {

  /** The job that wrote the run ({@code ingest}, {@code train}, {@code tune}, ...). */
  public String job() {
    return manifest.job();
  }

  public String runId() {
    return manifest.runId();
  }

  /** A file inside the run folder. */
  public Path file(String relative) {
    return dir.resolve(relative);
  }

  /** A path recorded in a manifest's config: Jackson writes paths as {@code file:} URIs. */
  public static Path recordedPath(Object value) {
    String s = String.valueOf(value);
    return s.startsWith("file:") ? Path.of(URI.create(s)) : Path.of(s);
  }

  /**
   * A path recorded in this run's manifest, found again if the folders moved since: a pipeline's
   * steps are written inside a temporary folder that is renamed when the pipeline succeeds, and
   * people copy run folders around. If the recorded path is gone, the longest tail of it that
   * exists beside the run (or beside its parent) is used.
   */
  public Path configPath(Object value) {
    Path p = recordedPath(value);
    if (Files.exists(p)) {
      return p;
    }
    for (Path base : new Path[] {dir.getParent(), dir.getParent().getParent()}) {
      if (base == null) {
        continue;
      }
      for (int k = 0; k < p.getNameCount(); k++) {
        Path candidate = base.resolve(p.subpath(k, p.getNameCount()).toString());
        if (Files.exists(candidate)) {
          return candidate;
        }
      }
    }
    return p;
  }

  /** The scored posts of this score run ({@code scored/}, or {@code posts/}), or null. */
  public Path scoredPosts() {
    for (String sub : List.of("scored", "posts")) {
      if (Files.isDirectory(file(sub))) {
        return file(sub);
      }
    }
    return null;
  }

  /** Reads a JSON file of the run if it exists. */
  public Optional<JsonNode> json(String relative) {
    Path f = file(relative);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readTree(f.toFile()));
    } catch (IOException e) {
      throw new DataException(f + ": not valid JSON: " + e.getMessage().replaceAll("\\s*\\n\\s*", " "), e);
    }
  }

  /** Reads a run folder's manifest; the folder must hold {@code manifest.json}. */
  public static RunInfo of(Path dir) {
    Path m = dir.resolve(RunManifest.FILE_NAME);
    try {
      return new RunInfo(dir.toAbsolutePath().normalize(), RunManifest.read(m), Digests.sha256(m));
    } catch (RuntimeException e) {
      throw new DataException(m + ": cannot read the run manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Finds the run folders given: each path is a run folder (holds {@code manifest.json}) or a folder
   * holding run folders up to four levels down (a demo output, or {@code runs/}). Order: as given,
   * then by path; a folder reached twice counts once.
   *
   * @throws UsageException if a path does not exist or holds no run folder
   */
  public static List<RunInfo> discover(List<Path> paths) {
    Set<Path> seen = new LinkedHashSet<>();
    for (Path p : paths) {
      if (!Files.isDirectory(p)) {
        throw new UsageException("--runs " + p + ": no such folder");
      }
      List<Path> found = new ArrayList<>();
      // a run folder may itself hold run folders (a demo's steps), so always look below too
      try (Stream<Path> walk = Files.walk(p, 4)) {
        walk.filter(d -> Files.isRegularFile(d.resolve(RunManifest.FILE_NAME)))
            .filter(d -> d.equals(p) || !d.getFileName().toString().startsWith("."))
            .sorted(Comparator.comparing(Path::toString))
            .forEach(found::add);
      } catch (IOException e) {
        throw new UsageException("--runs " + p + ": cannot list: " + e.getMessage(), e);
      }
      if (found.isEmpty()) {
        throw new UsageException("--runs " + p + ": no run folder (manifest.json) here or below");
      }
      for (Path f : found) {
        seen.add(f.toAbsolutePath().normalize());
      }
    }
    List<RunInfo> runs = new ArrayList<>();
    for (Path d : seen) {
      runs.add(of(d));
    }
    return runs;
  }
}
