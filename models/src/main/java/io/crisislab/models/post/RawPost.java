package io.crisislab.models.post;

import java.time.Instant;

/**
 * A source row's values mapped onto canonical field names but not yet validated: what a format
 * preset fills in before {@link PostValidator} checks and converts it. Strings are as found in the
 * source (null when the source has no such field). Mutable and reused per row for speed; not
 * thread-safe.
 */
public final class RawPost {
  public String id;
  public String platform;
  public String channel;
  public String brand;
  /** Timestamp text as found; parsed by {@link Timestamps#parse}. */
  public String createdAt;
  /** A creation time the preset derived itself (e.g. from a snowflake id) when there is no text. */
  public Instant createdAtDerived;
  public String author;
  public String text;
  public String lang;
  public String replyTo;
  public String likes;
  public String shares;
  public String replies;
  public String label;
  public String labelConfidence;
  public String negativeReason;
  public String source;

  /** Clears every field (for reuse). */
  public void clear() {
    id = platform = channel = brand = createdAt = author = text = lang = replyTo = null;
    likes = shares = replies = label = labelConfidence = negativeReason = source = null;
    createdAtDerived = null;
  }
}
