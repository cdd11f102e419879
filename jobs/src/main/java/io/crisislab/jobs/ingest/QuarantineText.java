package io.crisislab.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.AuthorKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record text that quarantine (and the duplicate check) keeps, with the same privacy as
 * {@code posts/}: without {@code --keep-handles} the author handle is replaced by its salted
 * {@code author_key}, exactly as accepted rows store it. A well-formed record has its author field
 * re-written in place; a malformed one (wrong field count, unclosed quote, invalid UTF-8, not JSON)
 * has no trustworthy author position, so its text is withheld when the format has an author column
 * (the {@code source} {@code file:line} still points at it).
 */
final class QuarantineText {
  /** What a withheld record says instead of its text. */
  static final String WITHHELD = "record withheld: it may hold an author handle (--keep-handles keeps it)";

  private final boolean keepHandles;
  private final String salt;
  private final int authorField;
  private final String authorKey;

  /**
   * @param authorField index of the author among a CSV record's fields, or -1
   * @param authorKey name of the author field in a JSON record (JSONL, Parquet rows), or null
   */
  QuarantineText(boolean keepHandles, String salt, int authorField, String authorKey) {
    this.keepHandles = keepHandles;
    this.salt = salt;
    this.authorField = authorField;
    this.authorKey = authorKey == null || authorKey.startsWith("'") ? null : authorKey.toLowerCase(Locale.ROOT);
  }

  private boolean redacts() {
    return !keepHandles && (authorField >= 0 || authorKey != null);
  }

  /** The text kept of a record whose fields could not be located. */
  String malformed(String record) {
    return redacts() ? null : record;
  }

  /** The detail of a malformed record, saying when its text was withheld. */
  String detail(String detail) {
    return redacts() ? detail + "; " + WITHHELD : detail;
  }

  /** The text kept of a record whose fields were parsed ({@code fields} as read). */
  String wellFormed(String record, List<String> fields, Format.Layout layout) {
    if (!redacts()) {
      return record;
    }
    if (layout == Format.Layout.JSONL) {
      return json(record);
    }
    if (authorField < 0 || authorField >= fields.size()) {
      return record;
    }
    List<String> copy = new ArrayList<>(fields);
    copy.set(authorField, keyOf(copy.get(authorField)));
    return toCsv(copy);
  }

  /** A JSON object record with the author field (matched case-insensitively) hashed. */
  String json(String record) {
    if (!redacts() || authorKey == null) {
      return record;
    }
    try {
      JsonNode node = Json.mapper().readTree(record);
      if (!(node instanceof ObjectNode obj)) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String n : names) {
        if (n.toLowerCase(Locale.ROOT).equals(authorKey)) {
          JsonNode v = obj.get(n);
          obj.put(n, v == null || v.isNull() ? null : keyOf(v.isValueNode() ? v.asText() : v.toString()));
        }
      }
      return Json.mapper().writeValueAsString(obj);
    } catch (IOException e) {
      return null;
    }
  }

  private String keyOf(String handle) {
    String k = AuthorKeys.key(salt, handle);
    return k == null ? "" : k;
  }

  /** RFC-4180 rendering of one record's fields (quoted only where needed). */
  static String toCsv(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.toString();
  }

  /** The author key name of a Parquet input: the mapped column (generic) or {@code author_handle}. */
  static String parquetAuthor(Format format, Map<String, String> columnMap) {
    return format == Format.CRISISLAB ? IngestRows.AUTHOR_HANDLE : columnMap.get("author");
  }
}
