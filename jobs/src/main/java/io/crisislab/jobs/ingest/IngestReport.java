package io.crisislab.jobs.ingest;

import java.util.List;
import java.util.Map;

/**
 * {@code ingest-report.json}: what an ingest run read and what became of it. Invariant:
 * {@code accepted + rejected == read} (checked before the file is written). Counts are rows
 * (records); blank lines are not records.
 *
 * @param format the preset used
 * @param inputs the files read, in input order
 * @param read records read
 * @param accepted rows written to {@code posts/}
 * @param rejected rows written to {@code quarantine/}
 * @param duplicates rows whose post id occurred earlier in the input (quarantined as
 *     {@code duplicate_id} unless {@code duplicatesKept})
 * @param duplicatesKept whether repeated ids were kept (airline preset default, or {@code --duplicates keep})
 * @param rejectedByReason rejection reason code → rows (every code listed, zeros included)
 * @param perBrand accepted rows per brand slug ({@code _} = no brand)
 * @param perDay accepted rows per UTC day {@code yyyy-MM-dd} ({@code _} = no timestamp)
 * @param labels accepted rows per label ({@code negative}, {@code neutral}, {@code positive}, {@code unlabelled})
 * @param firstCreatedAt earliest accepted created_at (ISO-8601 UTC), or null
 * @param lastCreatedAt latest accepted created_at (ISO-8601 UTC), or null
 * @param strict whether the run was strict
 * @param perSeries accepted rows per series id (series formats such as {@code nab}; null for posts)
 * @param physicalLines lines in the text inputs (a last line without a newline counts; Parquet has none)
 * @param quotedNewlines line breaks inside quoted fields of the records read; invariant for text
 *     inputs: {@code physicalLines == headerLines + blankLines + read + quotedNewlines}, and a
 *     warning says so when it does not hold
 * @param resynchronised records cut at their first line because a quoted field stayed open past
 *     {@code --max-record-lines} or where the record should have ended (an unterminated quote):
 *     only that line is quarantined, and reading resumes at the next line
 * @param resynchronisedAt where, as {@code file:line} (the first {@link #MAX_LISTED})
 * @param warnings one line each: line accounting that does not add up, resynchronisations
 */
public record IngestReport(String format, List<String> inputs, long read, long accepted, long rejected,
    long duplicates, boolean duplicatesKept, Map<String, Long> rejectedByReason, Map<String, Long> perBrand,
    Map<String, Long> perDay, Map<String, Long> labels, String firstCreatedAt, String lastCreatedAt,
    boolean strict, Map<String, Long> perSeries, long physicalLines, long quotedNewlines, long resynchronised,
    List<String> resynchronisedAt, List<String> warnings) {

  /** Most {@code resynchronisedAt} locations listed. */
  public static final int MAX_LISTED = 100;

  /** File name inside the run folder. */
  public static final String FILE = "ingest-report.json";
}
