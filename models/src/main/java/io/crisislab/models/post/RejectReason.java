package io.crisislab.models.post;

import java.util.Locale;

/**
 * Why ingest quarantined a source row. The wire code ({@link #code()}) is what
 * {@code quarantine/} and {@code ingest-report.json} hold; codes never change meaning.
 */
public enum RejectReason {
  /** The record could not be split into the format's fields (wrong field count, unterminated quote). */
  MALFORMED_RECORD,
  /** The record's bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** No post id (empty or missing id field). */
  MISSING_ID,
  /** No text, or only whitespace. */
  MISSING_TEXT,
  /** Text longer than the ingest limit ({@code --max-text-chars}, in UTF-16 chars). */
  TEXT_TOO_LONG,
  /** A timestamp is present (or required by the format) but matches no supported layout. */
  UNPARSEABLE_TIMESTAMP,
  /** Timestamp later than the run's "not after" instant (the run's start by default). */
  TIMESTAMP_IN_FUTURE,
  /** Timestamp before 2006-01-01T00:00:00Z (no social platform we ingest existed before). */
  TIMESTAMP_BEFORE_2006,
  /** A label value the format's label mapping does not know. */
  UNKNOWN_LABEL,
  /** An engagement count or confidence that is not a non-negative number (confidence in [0, 1]). */
  INVALID_NUMBER,
  /** The post id occurred earlier in the input (the first occurrence is kept). */
  DUPLICATE_ID;

  /** Lower-case wire code, e.g. {@code unparseable_timestamp}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
