package io.crisislab.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.crisislab.models.post.Label;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.RejectReason;
import io.crisislab.models.post.SeriesIds;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Counts a posts run's flagged rows into its {@link IngestReport}, with the physical-line accounting. */
final class IngestTally {
  private IngestTally() {}

  /**
   * The report of a posts run from its flagged rows and the line counts of its text inputs.
   *
   * @param dupCount repeated ids counted before flagging (used when duplicates are kept)
   */
  static IngestReport report(IngestJob.Config c, List<Path> files, List<Split.Plan> plans, Dataset<Row> flagged,
      long dupCount, boolean keepDups) {
    List<Row> groups = flagged.groupBy(col(IngestRows.REASON), col(PostColumns.BRAND), col(PostColumns.DAY),
            col(PostColumns.LABEL))
        .agg(count(lit(1)).as("n"), min(col(PostColumns.CREATED_AT)).as("lo"), max(col(PostColumns.CREATED_AT)).as("hi"))
        .collectAsList();
    long read = 0;
    long accepted = 0;
    long rejected = 0;
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (RejectReason r : RejectReason.values()) {
      byReason.put(r.code(), 0L);
    }
    Map<String, Long> perBrand = new TreeMap<>();
    Map<String, Long> perDay = new TreeMap<>();
    Map<String, Long> labels = new LinkedHashMap<>();
    for (Label l : Label.values()) {
      labels.put(l.wire(), 0L);
    }
    labels.put("unlabelled", 0L);
    Timestamp lo = null;
    Timestamp hi = null;
    for (Row g : groups) {
      long n = g.getLong(4);
      read += n;
      String reason = g.getString(0);
      if (reason != null) {
        rejected += n;
        byReason.merge(reason, n, Long::sum);
        continue;
      }
      accepted += n;
      perBrand.merge(g.isNullAt(1) ? SeriesIds.NONE : g.getString(1), n, Long::sum);
      perDay.merge(g.isNullAt(2) ? SeriesIds.NONE : g.getString(2), n, Long::sum);
      labels.merge(g.isNullAt(3) ? "unlabelled" : g.getString(3), n, Long::sum);
      if (!g.isNullAt(5) && (lo == null || g.getTimestamp(5).before(lo))) {
        lo = g.getTimestamp(5);
      }
      if (!g.isNullAt(6) && (hi == null || g.getTimestamp(6).after(hi))) {
        hi = g.getTimestamp(6);
      }
    }
    if (accepted + rejected != read) {
      throw new IllegalStateException("ingest bookkeeping: accepted " + accepted + " + rejected " + rejected + " != read " + read);
    }
    long dups = keepDups ? dupCount : byReason.get(RejectReason.DUPLICATE_ID.code());
    Lines l = lines(c, plans, flagged);
    return new IngestReport(c.format().wire(), files.stream().map(Path::toString).toList(), read, accepted, rejected,
        dups, keepDups, byReason, perBrand, perDay, labels, lo == null ? null : lo.toInstant().toString(),
        hi == null ? null : hi.toInstant().toString(), c.strict(), null, l.physical, l.quotedNewlines,
        l.resynced, l.resyncedAt, l.warnings);
  }

  private record Lines(long physical, long quotedNewlines, long resynced, List<String> resyncedAt,
      List<String> warnings) {}

  /**
   * Physical lines against records: every line of a text input is a header, a blank line, the first
   * line of a record or a line break inside a quoted field; anything else was swallowed somewhere.
   */
  private static Lines lines(IngestJob.Config c, List<Split.Plan> plans, Dataset<Row> flagged) {
    long physical = 0;
    long blank = 0;
    long headers = 0;
    for (Split.Plan p : plans) {
      physical += p.lines();
      blank += p.blankLines();
      if (!p.splits().isEmpty() && p.splits().get(0).layout() == Format.Layout.CSV_HEADER && p.lines() > 0) {
        headers++;
      }
    }
    Row sums = flagged.filter(col(IngestRows.LINES).gt(0))
        .agg(count(lit(1)), sum(col(IngestRows.LINES).minus(1))).first();
    long textRecords = sums.getLong(0);
    long quoted = sums.isNullAt(1) ? 0 : sums.getLong(1);
    List<Row> resync = flagged.filter(col(IngestRows.DETAIL).startsWith(IngestRows.RESYNC))
        .orderBy(col(IngestRows.FILE), col(IngestRows.ROW)).select(col(PostColumns.SOURCE)).collectAsList();
    List<String> at = new ArrayList<>();
    for (int i = 0; i < Math.min(resync.size(), IngestReport.MAX_LISTED); i++) {
      at.add(resync.get(i).getString(0));
    }
    List<String> warnings = new ArrayList<>();
    long unaccounted = physical - headers - blank - textRecords - quoted;
    // blank lines inside quoted fields count twice (as blank and as quoted newlines): only a positive gap is a loss
    if (!plans.isEmpty() && unaccounted > 0) {
      warnings.add(String.format(java.util.Locale.ROOT, "%,d physical lines are neither a header, blank, a record's first line"
          + " nor inside a quoted field (%,d lines, %,d records, %,d quoted line breaks)", unaccounted, physical,
          textRecords, quoted));
    }
    if (!resync.isEmpty()) {
      warnings.add(String.format(java.util.Locale.ROOT, "%,d record(s) had a quoted field that never closed (first at %s,"
          + " bound %d lines): only that line was quarantined and reading resumed at the next line", resync.size(),
          at.get(0), c.maxRecordLines()));
    }
    return new Lines(physical, quoted, resync.size(), at, warnings);
  }
}
