package io.crisislab.models.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file or folder with its size and checksum, as recorded in manifests and bundles.
 *
 * <p>For a folder (a Parquet dataset, a run folder) {@code files} lists every regular file below
 * it, sorted by relative path, and {@code sha256} is the SHA-256 of that listing's
 * "path size sha256" lines, so two folders with the same content get the same digest whatever
 * order the file system returns.
 *
 * @param path the path as given (files) or relative to the folder (entries of {@code files})
 * @param bytes total size in bytes
 * @param sha256 lower-case hex SHA-256
 * @param files for a folder, its files; empty for a file
 */
public record FileDigest(String path, long bytes, String sha256, List<FileDigest> files) {

  public FileDigest {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** Digests a file, or every file under a folder (hidden files and Spark's .crc/_SUCCESS skipped). */
  public static FileDigest of(Path path) {
    if (Files.isDirectory(path)) {
      List<FileDigest> entries = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !isSidecar(p.getFileName().toString()))
            .sorted()
            .forEach(p -> entries.add(fileEntry(path.relativize(p).toString().replace('\\', '/'), p)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path, e);
      }
      StringBuilder listing = new StringBuilder();
      long total = 0;
      for (FileDigest f : entries) {
        listing.append(f.path()).append(' ').append(f.bytes()).append(' ').append(f.sha256()).append('\n');
        total += f.bytes();
      }
      return new FileDigest(path.toString(), total, Digests.sha256(listing.toString()), entries);
    }
    return fileEntry(path.toString(), path);
  }

  private static FileDigest fileEntry(String name, Path p) {
    try {
      return new FileDigest(name, Files.size(p), Digests.sha256(p), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static boolean isSidecar(String name) {
    return name.startsWith(".") || name.startsWith("_") || name.endsWith(".crc");
  }
}
