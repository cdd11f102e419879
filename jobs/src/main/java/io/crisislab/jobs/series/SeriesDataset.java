package io.crisislab.jobs.series;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.SeriesColumns;
import io.crisislab.models.post.SeriesIds;
import io.crisislab.models.series.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical volume-series dataset ({@code data/schemas/series.md}): one row per (series,
 * bucket) with {@link SeriesColumns}: {@code series_id} string, {@code bucket_start} UTC timestamp,
 * {@code bucket_seconds} int, {@code count} long, {@code negative_count} long (null without labels).
 * Stored as Parquet under {@code <run>/series/}.
 */
public final class SeriesDataset {
  /** Sub-folder of a run folder that holds series. */
  public static final String SUBDIR = "series";

  private static final StructType SCHEMA = schema(DataTypes.LongType);

  /** Replayed series carry the measure as read (expected counts are fractional): counts as doubles. */
  private static final StructType REPLAYED = schema(DataTypes.DoubleType);

  private static StructType schema(DataType counts) {
    return new StructType()
        .add(SeriesColumns.SERIES_ID, DataTypes.StringType, false)
        .add(SeriesColumns.BUCKET_START, DataTypes.TimestampType, false)
        .add(SeriesColumns.BUCKET_SECONDS, DataTypes.IntegerType, false)
        .add(SeriesColumns.COUNT, counts, false)
        .add(SeriesColumns.NEGATIVE_COUNT, counts, true);
  }

  private SeriesDataset() {}

  public static StructType schema() {
    return SCHEMA;
  }

  /**
   * Volume series from posts: series {@code brand/channel} ({@link SeriesIds}), buckets of
   * {@code bucketSeconds} aligned to the Unix epoch (UTC), counts of posts and of negative posts
   * (null when no post of the series has a label). Buckets between a series' first and last post
   * that have no posts are present with count 0, so detectors see the quiet periods too. Posts
   * without {@code created_at} are left out.
   */
  public static Dataset<Row> fromPosts(Dataset<Row> posts, int bucketSeconds) {
    if (bucketSeconds <= 0) {
      throw new IllegalArgumentException("bucketSeconds must be > 0, got " + bucketSeconds);
    }
    Column sid = expr("concat(coalesce(" + PostColumns.BRAND + ", '" + SeriesIds.NONE + "'), '/', coalesce("
        + PostColumns.CHANNEL + ", '" + SeriesIds.NONE + "'))");
    Column bucket = expr("timestamp_seconds(floor(unix_seconds(" + PostColumns.CREATED_AT + ") / " + bucketSeconds
        + ") * " + bucketSeconds + ")");
    Dataset<Row> counts = posts.filter(col(PostColumns.CREATED_AT).isNotNull())
        .select(sid.as(SeriesColumns.SERIES_ID), bucket.as(SeriesColumns.BUCKET_START), col(PostColumns.LABEL))
        .groupBy(SeriesColumns.SERIES_ID, SeriesColumns.BUCKET_START)
        .agg(count(lit(1)).as(SeriesColumns.COUNT),
            sum(when(col(PostColumns.LABEL).equalTo("negative"), 1L).otherwise(0L)).as("neg"),
            count(col(PostColumns.LABEL)).as("labelled"));
    Dataset<Row> labelled = counts.groupBy(SeriesColumns.SERIES_ID).agg(sum("labelled").as("series_labelled"));
    Dataset<Row> grid = counts.groupBy(SeriesColumns.SERIES_ID)
        .agg(min(SeriesColumns.BUCKET_START).as("lo"), max(SeriesColumns.BUCKET_START).as("hi"))
        .select(col(SeriesColumns.SERIES_ID), explode(expr("sequence(lo, hi, make_dt_interval(0, 0, 0, "
            + bucketSeconds + "))")).as(SeriesColumns.BUCKET_START));
    return grid.join(counts, new scala.collection.immutable.Set.Set2<>(SeriesColumns.SERIES_ID, SeriesColumns.BUCKET_START)
            .toSeq(), "left")
        .join(labelled, SeriesColumns.SERIES_ID)
        .select(col(SeriesColumns.SERIES_ID), col(SeriesColumns.BUCKET_START),
            lit(bucketSeconds).as(SeriesColumns.BUCKET_SECONDS),
            expr("coalesce(" + SeriesColumns.COUNT + ", 0)").cast("long").as(SeriesColumns.COUNT),
            when(col("series_labelled").gt(0), expr("coalesce(neg, 0)").cast("long")).as(SeriesColumns.NEGATIVE_COUNT))
        .orderBy(SeriesColumns.SERIES_ID, SeriesColumns.BUCKET_START);
  }

  /** Writes series Parquet to {@code dir}. */
  public static void write(Dataset<Row> series, Path dir) {
    series.write().mode(SaveMode.ErrorIfExists).parquet(dir.toAbsolutePath().toString());
  }

  /** Reads series from a run folder holding {@code series/} or from the Parquet folder itself. */
  public static Dataset<Row> read(SparkSession spark, Path path) {
    Path dir = Files.isDirectory(path.resolve(SUBDIR)) ? path.resolve(SUBDIR) : path;
    if (!Files.isDirectory(dir)) {
      throw new DataException(path + ": no series dataset here (expected a run folder with series/ or a Parquet folder)");
    }
    return spark.read().parquet(dir.toAbsolutePath().toString());
  }

  /**
   * Writes replayed series (one small file): the same columns, with {@code count} holding the
   * measure the detectors watched and {@code negative_count} the negative posts when known, both
   * as doubles because a watched measure can be fractional ({@code expected-negative} sums
   * p_negative).
   */
  public static void writeReplayed(SparkSession spark, List<Series> series, Path dir) {
    List<Row> rows = new ArrayList<>();
    for (Series s : series) {
      for (int i = 0; i < s.size(); i++) {
        rows.add(RowFactory.create(s.id(), new Timestamp(s.bucketStart()[i] * 1000L), s.bucketSeconds(), s.count()[i],
            s.negativeCount() == null ? null : s.negativeCount()[i]));
      }
    }
    spark.createDataFrame(rows, REPLAYED).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(dir.toAbsolutePath().toString());
  }
}
