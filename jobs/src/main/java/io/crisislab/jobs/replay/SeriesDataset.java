package io.crisislab.jobs.replay;

import io.crisislab.models.post.SeriesColumns;
import io.crisislab.models.series.Series;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes replayed series as the canonical series dataset ({@code data/schemas/series.md}): Parquet,
 * one row per (series, bucket), columns from {@link SeriesColumns}; {@code count} holds the
 * measure the detectors watched, {@code negative_count} the negative posts when known.
 */
public final class SeriesDataset {
  private SeriesDataset() {}

  static final StructType SCHEMA = new StructType()
      .add(SeriesColumns.SERIES_ID, DataTypes.StringType, false)
      .add(SeriesColumns.BUCKET_START, DataTypes.TimestampType, false)
      .add(SeriesColumns.BUCKET_SECONDS, DataTypes.IntegerType, false)
      .add(SeriesColumns.COUNT, DataTypes.DoubleType, false)
      .add(SeriesColumns.NEGATIVE_COUNT, DataTypes.DoubleType, true);

  /** Writes {@code series} to {@code dir} (one small file). */
  public static void write(SparkSession spark, List<Series> series, Path dir) {
    List<Row> rows = new ArrayList<>();
    for (Series s : series) {
      for (int i = 0; i < s.size(); i++) {
        rows.add(RowFactory.create(s.id(), new Timestamp(s.bucketStart()[i] * 1000L), s.bucketSeconds(), s.count()[i],
            s.negativeCount() == null ? null : s.negativeCount()[i]));
      }
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(dir.toAbsolutePath().toString());
  }
}
