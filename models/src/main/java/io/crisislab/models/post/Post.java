package io.crisislab.models.post;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One canonical post, the row type of the posts dataset (columns in {@link PostColumns}; the
 * schema with units and examples is {@code data/schemas/posts.md}).
 *
 * @param postId unique id within the dataset (source id, or a derived one such as
 *     {@code tweeteval/train/17}); never null
 * @param platform e.g. {@code twitter}, {@code facebook}; null when unknown
 * @param channel how the post reached the brand: {@code mention}, {@code reply}, {@code comment},
 *     {@code review}; null when unknown
 * @param brand brand or topic slug ({@code [a-z0-9-]+}, see {@link #slug}); null when the source has none
 * @param createdAt UTC instant (source offsets honoured); null when the source has no times
 * @param authorKey salted SHA-256 of the author handle ({@link AuthorKeys}); null when unknown
 * @param text post text as published (HTML entities left as they are); never blank
 * @param lang BCP-47 language tag if the source gives one, else null
 * @param replyTo id of the post this one answers, or null
 * @param likes like/favourite count at collection time, or null
 * @param shares share/retweet count at collection time, or null
 * @param replies reply count at collection time, or null
 * @param label sentiment label, or null for unlabelled posts
 * @param labelConfidence annotator agreement in [0, 1], or null
 * @param negativeReason why a negative post is negative (e.g. {@code Late Flight}), else null
 * @param source where the row came from: {@code file:line} (text formats) or {@code file#row}
 */
public record Post(String postId, String platform, String channel, String brand, Instant createdAt,
    String authorKey, String text, String lang, String replyTo, Long likes, Long shares, Long replies,
    Label label, Double labelConfidence, String negativeReason, String source) {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** The partition day: UTC calendar day of {@link #createdAt} as {@code yyyy-MM-dd}, or null. */
  public String day() {
    return createdAt == null ? null : DAY.format(createdAt);
  }

  /** UTC day of an instant as {@code yyyy-MM-dd}. */
  public static String dayOf(Instant t) {
    return DAY.format(t);
  }

  /**
   * A brand or topic name as a slug: lower case, runs of anything but {@code [a-z0-9]} become one
   * {@code -}, trimmed ({@code "Virgin America"} → {@code virgin-america}). Null or blank → null.
   */
  public static String slug(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(name.length());
    boolean dash = false;
    for (char c : name.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && b.length() > 0) {
          b.append('-');
        }
        b.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** The series id of this post's volume series, {@code brand/channel} (see {@link SeriesIds}). */
  public String seriesId() {
    return SeriesIds.of(brand, channel);
  }
}
