package io.crisislab.jobs.ingest;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.RawPost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Column mappings: {@code canonical=source} pairs naming the source column of each canonical field
 * (e.g. {@code post_id=id}, {@code text=body}, {@code created_at=published}). A source in single
 * quotes is a constant ({@code platform='facebook'}); a source ending in {@code ?} is optional (the
 * field is null when the file has no such column). The {@code generic} format takes its mapping
 * from {@code --column} flags ({@code post_id} and {@code text} required); the header presets
 * ({@link Format#AIRLINE}, {@link Format#SANDERS}) are such a mapping written once in
 * {@link Format}, read by the same {@link #mapper}.
 */
final class ColumnMapping {
  /** Canonical fields a mapping may fill. */
  static final Set<String> TARGETS = Set.of(PostColumns.POST_ID, PostColumns.PLATFORM, PostColumns.CHANNEL,
      PostColumns.BRAND, PostColumns.CREATED_AT, "author", PostColumns.TEXT, PostColumns.LANG,
      PostColumns.REPLY_TO, PostColumns.LIKES, PostColumns.SHARES, PostColumns.REPLIES, PostColumns.LABEL,
      PostColumns.LABEL_CONFIDENCE, PostColumns.NEGATIVE_REASON);

  private ColumnMapping() {}

  /** Parses {@code canonical=source} pairs, in order; a malformed pair or unknown target is a usage error. */
  static Map<String, String> parse(List<String> pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new UsageException("--column " + p + ": expected canonical=source, e.g. text=body");
      }
      String target = p.substring(0, eq).strip();
      if (!TARGETS.contains(target)) {
        throw new UsageException("--column " + p + ": '" + target + "' is not a canonical field; one of " + TARGETS);
      }
      m.put(target, p.substring(eq + 1).strip());
    }
    return m;
  }

  /** Checks that a generic run maps the required fields. */
  static void requireBasics(Map<String, String> m) {
    for (String need : List.of(PostColumns.POST_ID, PostColumns.TEXT)) {
      if (!m.containsKey(need)) {
        throw new UsageException("--format generic needs --column " + need + "=<source column>");
      }
    }
  }

  /** A value getter: a column of a record, or a constant. */
  interface Getter {
    String get(List<String> fields);
  }

  /**
   * The mapper of a file whose (lower-cased) columns are {@code header}, filling the canonical
   * fields by {@code columns}. A required column the header lacks is the user's mistake when the
   * mapping came from {@code --column} flags ({@code fromFlags}: usage error) and the file's when
   * it is a preset's (data error); either names the file and the columns it has.
   */
  static Format.FieldMapper mapper(String fileName, List<String> header, Map<String, String> columns,
      boolean fromFlags) {
    Map<String, Getter> g = new LinkedHashMap<>();
    int authorField = -1;
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String spec = e.getValue();
      if (spec.length() >= 2 && spec.startsWith("'") && spec.endsWith("'")) {
        String constant = spec.substring(1, spec.length() - 1);
        g.put(e.getKey(), f -> constant);
        continue;
      }
      boolean optional = spec.endsWith("?");
      String column = (optional ? spec.substring(0, spec.length() - 1) : spec).toLowerCase(Locale.ROOT);
      int i = header.indexOf(column);
      if (i < 0 && !optional) {
        throw fromFlags
            ? new UsageException("--column ..=" + spec + ": " + fileName + " has no column '" + spec + "' (columns: " + header + ")")
            : new Format.Cols(fileName, header).missing(column);
      }
      g.put(e.getKey(), f -> i < 0 ? null : f.get(i));
      if (e.getKey().equals("author")) {
        authorField = i;
      }
    }
    return new Format.Simple(header.size(), authorField, (f, line, r) -> fill(g, f, r));
  }

  static void fill(Map<String, Getter> g, List<String> f, RawPost r) {
    for (Map.Entry<String, Getter> e : g.entrySet()) {
      String v = e.getValue().get(f);
      switch (e.getKey()) {
        case PostColumns.POST_ID -> r.id = v;
        case PostColumns.PLATFORM -> r.platform = v;
        case PostColumns.CHANNEL -> r.channel = v;
        case PostColumns.BRAND -> r.brand = v;
        case PostColumns.CREATED_AT -> r.createdAt = v;
        case "author" -> r.author = v;
        case PostColumns.TEXT -> r.text = v;
        case PostColumns.LANG -> r.lang = v;
        case PostColumns.REPLY_TO -> r.replyTo = v;
        case PostColumns.LIKES -> r.likes = v;
        case PostColumns.SHARES -> r.shares = v;
        case PostColumns.REPLIES -> r.replies = v;
        case PostColumns.LABEL -> r.label = v;
        case PostColumns.LABEL_CONFIDENCE -> r.labelConfidence = v;
        case PostColumns.NEGATIVE_REASON -> r.negativeReason = v;
        default -> throw new IllegalStateException(e.getKey());
      }
    }
  }
}
