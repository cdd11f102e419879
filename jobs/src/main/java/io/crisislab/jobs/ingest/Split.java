package io.crisislab.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte range of one input file that one Spark task reads: it starts at a record boundary and
 * ends at one, so records never straddle two splits.
 *
 * @param fileIndex position of the file in the run's input order (duplicate ids keep the earliest)
 * @param path absolute file path
 * @param fileName name shown in {@code source} and quarantine rows
 * @param start first byte
 * @param end byte after the last
 * @param firstLine 1-based physical line number at {@code start}
 * @param skipFirstRecord whether the first record is the header (split 0 of a file with a header)
 * @param header the file's normalised header, or null
 * @param layout how records are laid out
 */
record Split(int fileIndex, String path, String fileName, long start, long end, long firstLine,
    boolean skipFirstRecord, List<String> header, Format.Layout layout) implements Serializable {

  /** Default target size of one split (bytes). */
  static final long TARGET_BYTES = 32L << 20;

  /**
   * Cuts {@code file} into splits of about {@code target} bytes at record boundaries (a sequential
   * quote-parity scan; files no larger than {@code target} are one split without a scan).
   */
  static List<Split> plan(int fileIndex, Path file, List<String> header, Format.Layout layout, long target) {
    try {
      long size = Files.size(file);
      String abs = file.toAbsolutePath().toString();
      String name = file.getFileName().toString();
      boolean hasHeader = layout == Format.Layout.CSV_HEADER;
      List<Split> out = new ArrayList<>();
      boolean splittable = layout == Format.Layout.CSV_HEADER || layout == Format.Layout.CSV_NO_HEADER
          || layout == Format.Layout.LINES || layout == Format.Layout.JSONL;
      if (size <= target || !splittable) {
        out.add(new Split(fileIndex, abs, name, 0, size, 1, hasHeader, header, layout));
        return out;
      }
      boolean quoted = layout == Format.Layout.CSV_HEADER || layout == Format.Layout.CSV_NO_HEADER;
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 20];
        long pos = 0;
        long lines = 0;
        long cutPos = 0;
        long cutLine = 1;
        boolean inQuotes = false;
        int n;
        while ((n = in.read(buf)) > 0) {
          for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (quoted && b == '"') {
              inQuotes = !inQuotes;
            } else if (b == '\n') {
              lines++;
              if (!inQuotes && pos + i + 1 - cutPos >= target) {
                long next = pos + i + 1;
                out.add(new Split(fileIndex, abs, name, cutPos, next, cutLine, hasHeader && cutPos == 0, header, layout));
                cutPos = next;
                cutLine = lines + 1;
              }
            }
          }
          pos += n;
        }
        if (cutPos < size) {
          out.add(new Split(fileIndex, abs, name, cutPos, size, cutLine, hasHeader && cutPos == 0, header, layout));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
