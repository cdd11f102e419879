package io.crisislab.jobs.ingest;

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
