package io.crisislab.jobs.ingest;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.RawPost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code generic} format's column mapping: {@code --column canonical=source} pairs name the
 * source column for each canonical field (e.g. {@code post_id=id}, {@code text=body},
 * {@code created_at=published}); a value in single quotes is a constant
 * ({@code platform='facebook'}). {@code post_id} and {@code text} are required.
 */
final class GenericMapping {
  /** Canonical fields a generic mapping may fill. */
  static final Set<String> TARGETS = Set.of(PostColumns.POST_ID, PostColumns.PLATFORM, PostColumns.CHANNEL,
      PostColumns.BRAND, PostColumns.CREATED_AT, "author", PostColumns.TEXT, PostColumns.LANG,
      PostColumns.REPLY_TO, PostColumns.LIKES, PostColumns.SHARES, PostColumns.REPLIES, PostColumns.LABEL,
      PostColumns.LABEL_CONFIDENCE, PostColumns.NEGATIVE_REASON);

  private GenericMapping() {}

  /** Parses {@code canonical=source} pairs; unknown targets or missing post_id/text are usage errors. */
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

  /** A value getter: a column index into a record, or a constant. */
  interface Getter {
    String get(List<String> fields);
  }

  /** Resolves mapping values against a header (lower-cased); a missing column is a usage error. */
  static Getter getter(String fileName, List<String> header, String spec) {
    if (spec.length() >= 2 && spec.startsWith("'") && spec.endsWith("'")) {
      String constant = spec.substring(1, spec.length() - 1);
      return f -> constant;
    }
    int i = header.indexOf(spec.toLowerCase(java.util.Locale.ROOT));
    if (i < 0) {
      throw new UsageException("--column ..=" + spec + ": " + fileName + " has no column '" + spec
          + "' (columns: " + header + ")");
    }
    return f -> f.get(i);
  }

  /** The CSV/JSONL mapper of a generic file whose columns are {@code header}. */
  static Format.FieldMapper csvMapper(String fileName, List<String> header, Map<String, String> columnMap) {
    Map<String, Getter> g = new LinkedHashMap<>();
    columnMap.forEach((target, spec) -> g.put(target, getter(fileName, header, spec)));
    String author = columnMap.get("author");
    int authorField = author == null ? -1 : header.indexOf(author.toLowerCase(java.util.Locale.ROOT));
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
