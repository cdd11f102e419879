package io.crisislab.models.post;

import java.util.Locale;

/** Sentiment label of a post; the wire names ({@link #wire()}) are what Parquet and JSON hold. */
public enum Label {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /** Lower-case name used in datasets: {@code negative}, {@code neutral}, {@code positive}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Class index used by three-class models (0 negative, 1 neutral, 2 positive). */
  public int index() {
    return ordinal();
  }

  /** Parses a wire name; returns null for null. */
  public static Label fromWire(String s) {
    return s == null ? null : Label.valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
