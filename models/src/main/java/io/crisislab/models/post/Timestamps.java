package io.crisislab.models.post;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses the timestamp layouts found in social-media exports into UTC instants, honouring the
 * source's offset. Supported (auto-detected):
 *
 * <ul>
 *   <li>ISO-like {@code 2015-02-24 11:35:52 -0800}, {@code 2015-02-24T11:35:52.123Z},
 *       {@code 2015-02-24T11:35:52+01:00}, {@code 2015-02-26 21:42:53} (no offset: read as UTC,
 *       which is what NAB's series use);</li>
 *   <li>Twitter API style {@code Tue Oct 18 21:53:25 +0000 2011} and Sentiment140's
 *       {@code Mon May 11 03:17:40 UTC 2009} (zone names such as PDT resolve to their region);</li>
 *   <li>epoch seconds (10 digits or fewer) or epoch milliseconds (13 digits).</li>
 * </ul>
 *
 * <p>Thread-safe (formatters are immutable). Returns null for text that matches none of them.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Earliest instant ingest accepts: 2006-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("2006-01-01T00:00:00Z");

  private static final DateTimeFormatter ISO_LIKE = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("uuuu-MM-dd")
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendPattern("HH:mm")
      .optionalStart().appendPattern(":ss").optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);

  private static final DateTimeFormatter TWITTER_OFFSET =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss Z uuuu", Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter TWITTER_ZONE =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss zzz uuuu", Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);

  /** NAB's window format, {@code 2015-03-03 04:37:53.000000}, always UTC. */
  public static final DateTimeFormatter NAB =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Parses {@code text} (surrounding whitespace ignored).
   *
   * @return the UTC instant, or null when empty or in no supported layout
   */
  public static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      char c = s.charAt(0);
      if (Character.isLetter(c)) {
        return parseTwitter(s);
      }
      if (allDigits(s)) {
        return parseEpoch(s);
      }
      TemporalAccessor t = ISO_LIKE.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      if (t instanceof OffsetDateTime odt) {
        return odt.toInstant();
      }
      return ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static Instant parseTwitter(String s) {
    try {
      return OffsetDateTime.parse(s, TWITTER_OFFSET).toInstant();
    } catch (DateTimeParseException e) {
      return ZonedDateTime.parse(s, TWITTER_ZONE).toInstant();
    }
  }

  private static Instant parseEpoch(String s) {
    if (s.length() <= 10) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    if (s.length() == 13) {
      return Instant.ofEpochMilli(Long.parseLong(s));
    }
    throw new DateTimeParseException("epoch value with " + s.length() + " digits", s, 0);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Formats an instant as NAB window text {@code yyyy-MM-dd HH:mm:ss.ffffff} (UTC). */
  public static String nab(Instant t) {
    return NAB.format(t);
  }

  /** Parses NAB window text (UTC). */
  public static Instant parseNab(String s) {
    return LocalDateTime.parse(s.strip(), DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]", Locale.ROOT))
        .toInstant(ZoneOffset.UTC);
  }

  /** The creation time encoded in a Twitter snowflake id (ids issued from 2010-11-04 on), or null. */
  public static Instant fromSnowflake(String id) {
    if (id == null || id.length() < 15 || id.length() > 19 || !allDigits(id)) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
    long millis = (v >> 22) + 1288834974657L;
    return Instant.ofEpochMilli(millis);
  }
}
