package io.crisislab.jobs.ingest;

import io.crisislab.models.errors.UsageException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A byte range of one input file that one Spark task reads: it starts at a record boundary and
 * ends at one, so records never straddle two splits. A gzip file (recognised by its magic bytes,
 * whatever its name) is one split, read decompressed.
 *
 * @param fileIndex position of the file in the run's input order (duplicate ids keep the earliest)
 * @param path absolute file path
 * @param fileName name shown in {@code source} and quarantine rows
 * @param start first byte (of the decompressed text for gzip)
 * @param end byte after the last (ignored for gzip: the whole file is read)
 * @param firstLine 1-based physical line number at {@code start}
 * @param skipFirstRecord whether the first record is the header (split 0 of a file with a header)
 * @param header the file's normalised header, or null
 * @param layout how records are laid out
 * @param gzip whether the file is gzip-compressed
 */
record Split(int fileIndex, String path, String fileName, long start, long end, long firstLine,
    boolean skipFirstRecord, List<String> header, Format.Layout layout, boolean gzip) implements Serializable {

  /** Largest decompressed gzip input (one task holds it in memory). */
  static final long MAX_GZIP_BYTES = Integer.MAX_VALUE - 16;

  /**
   * The splits of one file with its physical line counts, for the report's line accounting.
   *
   * @param splits the splits in file order
   * @param lines physical lines (a last line without a newline counts)
   * @param blankLines lines holding nothing but white space
   */
  record Plan(List<Split> splits, long lines, long blankLines) {}

  /** The split's bytes: the byte range, or the whole decompressed file for gzip. */
  byte[] bytes() {
    return bytes(0);
  }

  /**
   * The split's bytes followed by up to {@code lookahead} bytes of what comes after it, so that the
   * reader judges its last record on the same bytes as the planner did (which read on); records
   * are still only those starting before {@link #length()}.
   */
  byte[] bytes(long lookahead) {
    Path p = Path.of(path);
    if (!gzip) {
      try {
        return SplitReader.readRange(p, start, Math.min(Files.size(p), end + lookahead));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    try (InputStream in = open(p)) {
      return in.readNBytes((int) MAX_GZIP_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /** Bytes of the split proper (for gzip: of the whole decompressed file, known once read). */
  long length() {
    return end - start;
  }

  /** Whether the file starts with the gzip magic bytes. */
  static boolean isGzip(Path file) {
    byte[] head = head(file, 2);
    return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
  }

  /** The file's bytes, decompressed when it is gzip. */
  static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return isGzip(file) ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /**
   * Refuses input that is not text, naming what it looks like (exit 2): zip, Parquet, PDF, other
   * binary (NUL bytes in the first 4 KiB). Gzip is not refused: it is read decompressed.
   */
  static void requireText(Path file) {
    byte[] h = head(file, 4096);
    String what = null;
    if (h.length >= 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4) {
      what = "a zip archive: unzip it and pass the files inside";
    } else if (h.length >= 4 && h[0] == 'P' && h[1] == 'A' && h[2] == 'R' && h[3] == '1') {
      what = "Parquet: name it .parquet (generic) or use --format crisislab";
    } else if (h.length >= 4 && h[0] == '%' && h[1] == 'P' && h[2] == 'D' && h[3] == 'F') {
      what = "a PDF document, not text";
    } else {
      for (byte b : h) {
        if (b == 0) {
          what = "binary data (NUL bytes), not UTF-8 text; UTF-16 files must be converted to UTF-8";
          break;
        }
      }
    }
    if (what != null) {
      throw new UsageException("--input " + file + ": looks like " + what);
    }
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Cuts {@code file} into splits of about {@code target} bytes at record boundaries, found with the
   * reader's own rule ({@link Csv#nextRecord}, same bounds), so that a broken quote cannot make the
   * planner cut inside a record the reader sees whole; also counts physical and blank lines.
   *
   * @param expectedFields fields of a well-formed record (-1: any), as the reader checks them
   */
  static Plan plan(int fileIndex, Path file, List<String> header, Format.Layout layout, long target,
      int maxRecordLines, int maxRecordBytes, int expectedFields) {
    boolean gzip = isGzip(file);
    if (!gzip) {
      requireText(file);
    }
    String abs = file.toAbsolutePath().toString();
    String name = file.getFileName().toString();
    boolean hasHeader = layout == Format.Layout.CSV_HEADER;
    boolean splittable = !gzip && (layout == Format.Layout.CSV_HEADER || layout == Format.Layout.CSV_NO_HEADER
        || layout == Format.Layout.LINES || layout == Format.Layout.JSONL);
    boolean quoted = layout == Format.Layout.CSV_HEADER || layout == Format.Layout.CSV_NO_HEADER;
    List<Split> out = new ArrayList<>();
    long lines = 0;
    long blank = 0;
    try (InputStream in = open(file)) {
      byte[] buf = new byte[Math.max(4 << 20, 2 * maxRecordBytes + (1 << 16))];
      int len = 0;
      int pos = 0;
      long base = 0;
      boolean eof = false;
      long cutPos = 0;
      long cutLine = 1;
      boolean lineBlank = true;
      byte last = '\n';
      while (true) {
        if (pos == len && eof) {
          break;
        }
        int next = pos == len ? len : Csv.nextRecord(buf, pos, len, quoted, maxRecordLines, maxRecordBytes, expectedFields);
        int end = next < 0 ? -next - 1 : next;
        if (end == len && !eof) {
          // the record may run on past the buffer: keep its start, read more, and look again
          if (pos == 0 && len == buf.length) {
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16L, 2L * buf.length));
          } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, len - pos);
            base += pos;
            len -= pos;
            pos = 0;
          }
          int n = in.read(buf, len, buf.length - len);
          if (n < 0) {
            eof = true;
          } else {
            len += n;
          }
          if (gzip && base + len > MAX_GZIP_BYTES) {
            throw new UsageException("--input " + file + ": decompresses to more than 2 GiB; decompress it to read it in parallel");
          }
          continue;
        }
        for (int i = pos; i < end; i++) {
          byte b = buf[i];
          last = b;
          if (b == '\n') {
            lines++;
            blank += lineBlank ? 1 : 0;
            lineBlank = true;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            lineBlank = false;
          }
        }
        pos = end;
        long offset = base + end;
        if (splittable && offset - cutPos >= target) {
          out.add(new Split(fileIndex, abs, name, cutPos, offset, cutLine, hasHeader && cutPos == 0, header, layout, false));
          cutPos = offset;
          cutLine = lines + 1;
        }
      }
      long size = base + len;
      if (last != '\n') {
        lines++;
        blank += lineBlank ? 1 : 0;
      }
      if (cutPos < size || out.isEmpty()) {
        out.add(new Split(fileIndex, abs, name, cutPos, size, cutLine, hasHeader && cutPos == 0, header, layout, gzip));
      }
    } catch (IOException e) {
      throw new UsageException("--input " + file + ": cannot read: " + e.getMessage(), e);
    }
    return new Plan(out, lines, blank);
  }
}
