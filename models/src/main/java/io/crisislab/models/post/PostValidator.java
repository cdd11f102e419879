package io.crisislab.models.post;

import io.crisislab.models.series.Timestamps;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a {@link RawPost} against the ingest rules and converts it into a {@link Post}, or says
 * which {@link RejectReason} applies (the first failing check, in the order below):
 * missing id, missing text, text too long, unknown label, invalid number, unparseable timestamp
 * (present but unreadable, or absent when the format requires one), timestamp before 2006,
 * timestamp in the future. (Malformed records, invalid UTF-8 and duplicate ids are found by the
 * reader and the job, before and after this step.)
 *
 * <p>Immutable and serialisable, so Spark tasks can share one instance.
 */
public final class PostValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * How raw label values map to labels. Keys are compared trimmed and case-insensitively.
   *
   * @param labels raw value → label
   * @param unlabelled raw values that mean "no sentiment label" (kept with a null label), e.g.
   *     Sanders' {@code irrelevant}; the empty string always means unlabelled unless
   *     {@code required}
   * @param required whether every row must carry a known label (empty → {@code unknown_label})
   */
  public record LabelMap(Map<String, Label> labels, Set<String> unlabelled, boolean required)
      implements Serializable {
    public LabelMap {
      Map<String, Label> m = new LinkedHashMap<>();
      labels.forEach((k, v) -> m.put(k.strip().toLowerCase(Locale.ROOT), v));
      labels = Map.copyOf(m);
      Set<String> u = new HashSet<>();
      unlabelled.forEach(k -> u.add(k.strip().toLowerCase(Locale.ROOT)));
      unlabelled = Set.copyOf(u);
    }

    /** negative/neutral/positive by name, required. */
    public static LabelMap byName(boolean required) {
      return new LabelMap(Map.of("negative", Label.NEGATIVE, "neutral", Label.NEUTRAL,
          "positive", Label.POSITIVE), Set.of(), required);
    }

    /** No labels at all: every label value must be empty. */
    public static LabelMap none() {
      return new LabelMap(Map.of(), Set.of(), false);
    }
  }

  /** The outcome for one row: exactly one of {@code post} and {@code reason} is non-null. */
  public record Outcome(Post post, RejectReason reason, String detail) {
    static Outcome ok(Post p) {
      return new Outcome(p, null, null);
    }

    static Outcome reject(RejectReason r, String detail) {
      return new Outcome(null, r, detail);
    }
  }

  private final LabelMap labelMap;
  private final boolean timestampRequired;
  private final int maxTextChars;
  private final Instant notAfter;
  private final String salt;

  /**
   * @param labelMap the format's label mapping
   * @param timestampRequired whether a row without a timestamp is rejected (formats that have one)
   * @param maxTextChars longest text accepted, in UTF-16 chars (&gt; 0)
   * @param notAfter latest creation time accepted (normally the run's start)
   * @param salt author-key salt ({@link AuthorKeys})
   */
  public PostValidator(LabelMap labelMap, boolean timestampRequired, int maxTextChars, Instant notAfter,
      String salt) {
    if (maxTextChars <= 0) {
      throw new IllegalArgumentException("maxTextChars must be > 0, got " + maxTextChars);
    }
    this.labelMap = Objects.requireNonNull(labelMap);
    this.timestampRequired = timestampRequired;
    this.maxTextChars = maxTextChars;
    this.notAfter = Objects.requireNonNull(notAfter);
    this.salt = Objects.requireNonNull(salt);
  }

  /** Validates and converts {@code r}. */
  public Outcome validate(RawPost r) {
    String id = blankToNull(r.id);
    if (id == null) {
      return Outcome.reject(RejectReason.MISSING_ID, "id is empty");
    }
    String text = r.text;
    if (text == null || text.isBlank()) {
      return Outcome.reject(RejectReason.MISSING_TEXT, "text is empty");
    }
    if (text.length() > maxTextChars) {
      return Outcome.reject(RejectReason.TEXT_TOO_LONG,
          "text has " + text.length() + " chars, limit " + maxTextChars);
    }
    Label label;
    String rawLabel = r.label == null ? "" : r.label.strip().toLowerCase(Locale.ROOT);
    if (rawLabel.isEmpty() && !labelMap.required()) {
      label = null;
    } else if (labelMap.unlabelled().contains(rawLabel)) {
      label = null;
    } else {
      label = labelMap.labels().get(rawLabel);
      if (label == null) {
        return Outcome.reject(RejectReason.UNKNOWN_LABEL, "label '" + r.label + "' is not one of "
            + labelMap.labels().keySet());
      }
    }
    Double confidence;
    Long likes;
    Long shares;
    Long replies;
    try {
      confidence = probability(r.labelConfidence);
      likes = count(r.likes);
      shares = count(r.shares);
      replies = count(r.replies);
    } catch (IllegalArgumentException e) {
      return Outcome.reject(RejectReason.INVALID_NUMBER, e.getMessage());
    }
    Instant at = r.createdAtDerived;
    String rawTime = blankToNull(r.createdAt);
    if (rawTime != null) {
      at = Timestamps.parseAny(rawTime);
      if (at == null) {
        return Outcome.reject(RejectReason.UNPARSEABLE_TIMESTAMP, "timestamp '" + rawTime + "' is in no known layout");
      }
    } else if (at == null && timestampRequired) {
      return Outcome.reject(RejectReason.UNPARSEABLE_TIMESTAMP, "timestamp is empty");
    }
    if (at != null && at.isBefore(Timestamps.EARLIEST)) {
      return Outcome.reject(RejectReason.TIMESTAMP_BEFORE_2006, "timestamp " + at + " is before 2006");
    }
    if (at != null && at.isAfter(notAfter)) {
      return Outcome.reject(RejectReason.TIMESTAMP_IN_FUTURE, "timestamp " + at + " is after " + notAfter);
    }
    String reason = label == Label.NEGATIVE ? blankToNull(r.negativeReason) : null;
    return Outcome.ok(new Post(id, blankToNull(r.platform), Post.slug(r.channel), Post.slug(r.brand), at,
        AuthorKeys.key(salt, r.author), text, blankToNull(r.lang), blankToNull(r.replyTo), likes, shares,
        replies, label, confidence, reason, r.source));
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static Long count(String s) {
    String t = blankToNull(s);
    if (t == null) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("count '" + t + "' is not a whole number");
    }
    if (v < 0) {
      throw new IllegalArgumentException("count " + v + " is negative");
    }
    return v;
  }

  private static Double probability(String s) {
    String t = blankToNull(s);
    if (t == null) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("confidence '" + t + "' is not a number");
    }
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("confidence " + v + " is outside [0, 1]");
    }
    return v;
  }
}
