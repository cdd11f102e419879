package io.crisislab.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.series.SeriesDataset;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.RejectReason;
import io.crisislab.models.run.AtomicFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/** {@code ingest --format nab}: volume series into {@code series/}, with quarantine and report. */
final class SeriesIngest {
  private SeriesIngest() {}

  /** {@code --format nab}: volume series into {@code series/} (plus quarantine and report). */
  static IngestJob.Result run(SparkSession spark, IngestJob.Config c, RunContext ctx, List<Path> files, Instant notAfter) {
    List<Split> splits = new ArrayList<>();
    long physicalLines = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      List<String> header = IngestJob.readHeader(f, Map.of(), Format.NAB);
      Split.Plan plan = Split.plan(i, f, header, Format.Layout.CSV_HEADER, Long.MAX_VALUE, c.maxRecordLines(),
          c.maxRecordBytes(), header.size());
      splits.addAll(plan.splits());
      physicalLines += plan.lines();
    }
    NabSeriesReader reader = new NabSeriesReader(notAfter);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> rows = spark.createDataFrame(jsc.parallelize(splits, Math.max(1, splits.size()))
        .flatMap(s -> reader.read(s).iterator()), NabSeriesReader.SCHEMA);
    WindowSpec w = Window.partitionBy(col("series_id"), col("bucket_start")).orderBy(col(IngestRows.FILE), col(IngestRows.ROW));
    Dataset<Row> valid = rows.filter(col(IngestRows.REASON).isNull())
        .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(w))
        .withColumn("_first", org.apache.spark.sql.functions.first(col("source")).over(w));
    Column dup = col("_rank").gt(1);
    Dataset<Row> flagged = valid
        .withColumn(IngestRows.REASON, when(dup, lit(RejectReason.DUPLICATE_ID.code())).otherwise(lit(null).cast("string")))
        .withColumn(IngestRows.DETAIL, when(dup, org.apache.spark.sql.functions.concat(lit("bucket first seen at "), col("_first"))))
        .drop("_rank", "_first")
        .unionByName(rows.filter(col(IngestRows.REASON).isNotNull()));
    flagged.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> byReason = new LinkedHashMap<>();
      for (RejectReason r : RejectReason.values()) {
        byReason.put(r.code(), 0L);
      }
      Map<String, Long> perSeries = new TreeMap<>();
      Map<String, Long> perDay = new TreeMap<>();
      long accepted = 0;
      long rejected = 0;
      for (Row g : flagged.groupBy(col(IngestRows.REASON), col("series_id"),
          org.apache.spark.sql.functions.date_format(col("bucket_start"), "yyyy-MM-dd").as("d")).count().collectAsList()) {
        long n = g.getLong(3);
        if (g.isNullAt(0)) {
          accepted += n;
          perSeries.merge(g.getString(1), n, Long::sum);
          perDay.merge(g.getString(2), n, Long::sum);
        } else {
          rejected += n;
          byReason.merge(g.getString(0), n, Long::sum);
        }
      }
      Row range = flagged.filter(col(IngestRows.REASON).isNull()).agg(min("bucket_start"), max("bucket_start")).first();
      IngestReport report = new IngestReport(c.format().wire(), files.stream().map(Path::toString).toList(),
          accepted + rejected, accepted, rejected, byReason.get(RejectReason.DUPLICATE_ID.code()), false, byReason,
          Map.of(), perDay, Map.of(), range.isNullAt(0) ? null : range.getTimestamp(0).toInstant().toString(),
          range.isNullAt(1) ? null : range.getTimestamp(1).toInstant().toString(), c.strict(), perSeries, physicalLines,
          0, 0, List.of(), List.of());
      ctx.stage("read nab series", report.read());
      Path quarantine = ctx.file(IngestJob.QUARANTINE);
      IngestJob.writeQuarantine(flagged.withColumn(PostColumns.SOURCE, col("source")).withColumn(PostColumns.POST_ID,
          lit(null).cast("string")), quarantine);
      AtomicFiles.writeString(ctx.file(IngestReport.FILE), Json.write(report));
      ctx.count("accepted", accepted);
      ctx.count("rejected", rejected);
      if (c.strict() && rejected > 0) {
        Path kept = IngestJob.failStrict(ctx.dir());
        throw new DataException("--strict: " + rejected + " of " + report.read() + " rows rejected; see "
            + kept.resolve(IngestJob.QUARANTINE) + " (no series were written)");
      }
      Path out = ctx.file(SeriesDataset.SUBDIR);
      SeriesDataset.write(flagged.filter(col(IngestRows.REASON).isNull())
          .select("series_id", "bucket_start", "bucket_seconds", "count", "negative_count")
          .orderBy("series_id", "bucket_start"), out);
      ctx.stage("write series", accepted);
      return new IngestJob.Result(report, out, quarantine);
    } finally {
      flagged.unpersist();
    }
  }
}
