package io.crisislab.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC-4180 CSV on raw bytes and strings, written for ingest: records may span lines inside double
 * quotes ({@code ""} is an escaped quote). Record boundaries are found on the bytes (quote parity),
 * which is exact for UTF-8 because {@code "}, {@code ,} and newline are single bytes that never occur
 * inside a multi-byte sequence; that is what lets a large file be split at record boundaries and
 * read in parallel.
 */
final class Csv {
  private Csv() {}

  /**
   * The end of the record that starts at {@code pos}: the index just after its terminating
   * {@code \n}, or {@code limit} when the record runs to the end of the buffer. With {@code quoted}
   * false every newline ends a record (plain line formats).
   */
  static int recordEnd(byte[] buf, int pos, int limit, boolean quoted) {
    boolean inQuotes = false;
    for (int i = pos; i < limit; i++) {
      byte b = buf[i];
      if (quoted && b == '"') {
        inQuotes = !inQuotes;
      } else if (b == '\n' && !inQuotes) {
        return i + 1;
      }
    }
    return limit;
  }

  /**
   * As {@link #recordEnd}, but a quoted field may not run on for ever: when the record is still inside
   * quotes after {@code maxLines} physical lines or {@code maxBytes} bytes, the record is broken
   * (typically an unterminated quote) and this returns -1, so that the reader can quarantine the
   * record's first line alone and resynchronise at the next line instead of swallowing the rest of
   * the file.
   */
  static int boundedRecordEnd(byte[] buf, int pos, int limit, boolean quoted, int maxLines, int maxBytes) {
    boolean inQuotes = false;
    int lines = 1;
    for (int i = pos; i < limit; i++) {
      byte b = buf[i];
      if (quoted && b == '"') {
        inQuotes = !inQuotes;
      } else if (b == '\n') {
        if (!inQuotes) {
          return i + 1;
        }
        if (++lines > maxLines) {
          return -1;
        }
      }
      if (inQuotes && i - pos >= maxBytes) {
        return -1;
      }
    }
    return limit;
  }

  /**
   * Where the record starting at {@code pos} ends as ingest reads it, so that the split planner and
   * the reader agree on every boundary. A normal record gives its end ({@code >= 0}). A broken one
   * (a quoted field still open past the bounds, or a multi-line record whose fields do not parse to
   * {@code expectedFields}: an unterminated quote that closed on some later line) gives
   * {@code -(end of its first line) - 1}: that line alone is the record, and the next starts afresh.
   *
   * @param expectedFields fields of a well-formed record, or -1 when any count is fine
   */
  static int nextRecord(byte[] buf, int pos, int limit, boolean quoted, int maxLines, int maxBytes,
      int expectedFields) {
    int end = boundedRecordEnd(buf, pos, limit, quoted, maxLines, maxBytes);
    int firstLineEnd = lineEnd(buf, pos, limit);
    if (end < 0) {
      return -firstLineEnd - 1;
    }
    if (quoted && firstLineEnd < end) {
      List<String> f = fields(new String(buf, pos, trimEol(buf, pos, end) - pos, StandardCharsets.UTF_8), ',');
      if (f == null || (expectedFields >= 0 && f.size() != expectedFields)) {
        return -firstLineEnd - 1;
      }
    }
    return end;
  }

  /** The index just after the first {@code \n} at or after {@code pos}, or {@code limit}. */
  static int lineEnd(byte[] buf, int pos, int limit) {
    return recordEnd(buf, pos, limit, false);
  }

  /**
   * Splits one record (without its line terminator) into fields.
   *
   * @return the fields, or null when a quoted field is not closed before the record ends
   */
  static List<String> fields(String record, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = record.length();
    int i = 0;
    boolean fieldStart = true;
    boolean inQuotes = false;
    while (i < n) {
      char c = record.charAt(i);
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < n && record.charAt(i + 1) == '"') {
            cur.append('"');
            i += 2;
            continue;
          }
          inQuotes = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else if (c == delimiter) {
        out.add(cur.toString());
        cur.setLength(0);
        fieldStart = true;
        i++;
        continue;
      } else {
        // lenient: a quote inside an unquoted field, or text after a closing quote, is kept as is
        cur.append(c);
        fieldStart = false;
      }
      i++;
    }
    if (inQuotes) {
      return null;
    }
    out.add(cur.toString());
    return out;
  }

  /** Drops a trailing {@code \n} and {@code \r\n} from the byte range's length. */
  static int trimEol(byte[] buf, int start, int end) {
    int e = end;
    if (e > start && buf[e - 1] == '\n') {
      e--;
    }
    if (e > start && buf[e - 1] == '\r') {
      e--;
    }
    return e;
  }
}
