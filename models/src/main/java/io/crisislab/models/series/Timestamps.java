package io.crisislab.models.series;

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
 * Every timestamp text CrisisLab reads or writes, in UTC (CrisisLab computes in UTC everywhere).
 * Thread-safe (formatters are immutable). Two kinds of text:
 *
 * <ul>
 *   <li>The grid text of series files, windows and {@code alerts.json}: {@code yyyy-MM-dd HH:mm:ss}
 *       with optional fractional seconds (NAB windows carry {@code .000000}), a {@code T} separator and
 *       a trailing {@code Z} accepted, no other zone (NAB files state none): {@link #parse},
 *       {@link #tryParse}, {@link #format}; windows are written by {@link #nab}.</li>
 *   <li>The layouts of social-media exports, auto-detected by {@link #parseAny}, honouring the
 *       source's offset: ISO-like {@code 2015-02-24 11:35:52 -0800}, {@code 2015-02-24T11:35:52.123Z},
 *       {@code 2015-02-24T11:35:52+01:00}, {@code 2015-02-26 21:42:53} (no offset: UTC); Twitter API
 *       style {@code Tue Oct 18 21:53:25 +0000 2011} and Sentiment140's {@code Mon May 11 03:17:40 UTC
 *       2009} (zone names such as PDT resolve to their region); epoch seconds (10 digits or fewer) or
 *       milliseconds (13 digits). {@link #fromSnowflake} decodes a tweet id's creation time.</li>
 * </ul>
 */
public final class Timestamps {
  private Timestamps() {}

  /** Earliest instant ingest accepts: 2006-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("2006-01-01T00:00:00Z");

  private static final DateTimeFormatter GRID = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendLiteral('Z').optionalEnd()
      .toFormatter();
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** NAB's window format, {@code 2015-03-03 04:37:53.000000}. */
  private static final DateTimeFormatter NAB =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

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

  /** Epoch seconds (UTC) of grid text; fractional seconds are truncated. */
  public static long parse(String text) {
    return LocalDateTime.parse(text.trim(), GRID).toEpochSecond(ZoneOffset.UTC);
  }

  /** As {@link #parse}, or null when the text is not grid text. */
  public static Long tryParse(String text) {
    try {
      return parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss} (UTC) of an epoch second. */
  public static String format(long epochSecond) {
    return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).format(FORMAT);
  }

  /** NAB window text {@code yyyy-MM-dd HH:mm:ss.ffffff} (UTC) of an instant; {@link #parse} reads it back. */
  public static String nab(Instant t) {
    return NAB.format(t);
  }

  /**
   * Parses export text in any supported layout (see the class comment; surrounding whitespace ignored).
   *
   * @return the UTC instant, or null when empty or in no supported layout
   */
  public static Instant parseAny(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      if (Character.isLetter(s.charAt(0))) {
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
    return Instant.ofEpochMilli((v >> 22) + 1288834974657L);
  }
}
