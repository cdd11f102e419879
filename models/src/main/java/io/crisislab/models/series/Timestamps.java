package io.crisislab.models.series;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The timestamp text of series files, windows and {@code alerts.json}: {@code yyyy-MM-dd HH:mm:ss}
 * with optional fractional seconds (NAB windows carry {@code .000000}), read and written as UTC
 * (NAB files state no zone; CrisisLab computes in UTC everywhere). A {@code T} separator is accepted.
 */
public final class Timestamps {
  private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendLiteral('Z').optionalEnd()
      .toFormatter();
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Timestamps() {}

  /** Epoch seconds (UTC) of {@code text}; fractional seconds are truncated. */
  public static long parse(String text) {
    return LocalDateTime.parse(text.trim(), PARSE).toEpochSecond(ZoneOffset.UTC);
  }

  /** As {@link #parse}, or null when the text is not a timestamp. */
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
}
