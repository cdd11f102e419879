package io.crisislab.models.post;

import java.util.List;

/**
 * Column names of the canonical post dataset, in one place (the Parquet schema in
 * {@code data/schemas/posts.md} and the Spark schema in jobs are built from these).
 *
 * <p>Units and time: {@link #CREATED_AT} is a UTC instant (microsecond precision in Parquet); the
 * source's offset is honoured on ingest. {@link #DAY} is the UTC calendar day of {@code created_at},
 * a partition column together with {@link #BRAND}.
 */
public final class PostColumns {
  private PostColumns() {}

  public static final String POST_ID = "post_id";
  public static final String PLATFORM = "platform";
  public static final String CHANNEL = "channel";
  public static final String BRAND = "brand";
  public static final String CREATED_AT = "created_at";
  /** Salted SHA-256 of the author handle; the raw handle is never stored unless asked for. */
  public static final String AUTHOR_KEY = "author_key";
  public static final String TEXT = "text";
  public static final String LANG = "lang";
  public static final String REPLY_TO = "reply_to";
  public static final String LIKES = "likes";
  public static final String SHARES = "shares";
  public static final String REPLIES = "replies";
  /** {@code negative}, {@code neutral}, {@code positive} or null (see {@link Label}). */
  public static final String LABEL = "label";
  /** Annotator confidence in [0, 1], or null. */
  public static final String LABEL_CONFIDENCE = "label_confidence";
  public static final String NEGATIVE_REASON = "negative_reason";
  /** Where the row came from: {@code file:line} or {@code file#row}. */
  public static final String SOURCE = "source";
  /** Partition column: UTC day of created_at, {@code yyyy-MM-dd}. */
  public static final String DAY = "day";

  /** Columns added by scoring. */
  public static final String P_NEGATIVE = "p_negative";
  public static final String IS_NEGATIVE = "is_negative";
  public static final String REASON = "reason";

  /** All canonical columns in schema order (partition column last). */
  public static final List<String> ALL = List.of(POST_ID, PLATFORM, CHANNEL, BRAND, CREATED_AT,
      AUTHOR_KEY, TEXT, LANG, REPLY_TO, LIKES, SHARES, REPLIES, LABEL, LABEL_CONFIDENCE,
      NEGATIVE_REASON, SOURCE, DAY);
}
