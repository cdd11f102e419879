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
 */
public record IngestReport(String format, List<String> inputs, long read, long accepted, long rejected,
    long duplicates, boolean duplicatesKept, Map<String, Long> rejectedByReason, Map<String, Long> perBrand,
    Map<String, Long> perDay, Map<String, Long> labels, String firstCreatedAt, String lastCreatedAt,
    boolean strict, Map<String, Long> perSeries) {

  /** File name inside the run folder. */
  public static final String FILE = "ingest-report.json";
}
