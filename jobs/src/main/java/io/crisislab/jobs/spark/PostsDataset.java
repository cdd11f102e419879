package io.crisislab.jobs.spark;

import static io.crisislab.models.post.PostColumns.*;

import io.crisislab.models.errors.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical post dataset on disk: Parquet under {@code <run>/posts/}, partitioned by
 * {@code brand} and {@code day} (UTC). Column names come from {@link io.crisislab.models.post.PostColumns};
 * {@code created_at} is a UTC timestamp; engagement counts are non-negative longs or null.
 */
public final class PostsDataset {
  /** Sub-folder of a run folder that holds the posts. */
  public static final String SUBDIR = "posts";

  private static final StructType SCHEMA = new StructType(new StructField[] {
      field(POST_ID, DataTypes.StringType, false),
      field(PLATFORM, DataTypes.StringType, true),
      field(CHANNEL, DataTypes.StringType, true),
      field(BRAND, DataTypes.StringType, true),
      field(CREATED_AT, DataTypes.TimestampType, true),
      field(AUTHOR_KEY, DataTypes.StringType, true),
      field(TEXT, DataTypes.StringType, false),
      field(LANG, DataTypes.StringType, true),
      field(REPLY_TO, DataTypes.StringType, true),
      field(LIKES, DataTypes.LongType, true),
      field(SHARES, DataTypes.LongType, true),
      field(REPLIES, DataTypes.LongType, true),
      field(LABEL, DataTypes.StringType, true),
      field(LABEL_CONFIDENCE, DataTypes.DoubleType, true),
      field(NEGATIVE_REASON, DataTypes.StringType, true),
      field(SOURCE, DataTypes.StringType, true),
      field(DAY, DataTypes.StringType, true)});

  private PostsDataset() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  /** The canonical Spark schema, columns in {@link io.crisislab.models.post.PostColumns#ALL} order. */
  public static StructType schema() {
    return SCHEMA;
  }

  /**
   * Reads posts from a run folder (one holding {@code posts/}) or from the Parquet folder itself.
   * Extra columns (e.g. scores) are kept; a missing canonical column is a data error naming it.
   */
  public static Dataset<Row> read(SparkSession spark, Path path) {
    Path dir = Files.isDirectory(path.resolve(SUBDIR)) ? path.resolve(SUBDIR) : path;
    if (!Files.isDirectory(dir)) {
      throw new DataException(path + ": no posts dataset here (expected a run folder with posts/ or a Parquet folder)");
    }
    // partition values stay strings: "2015-02-17" must not be inferred as a date, brand "007" not as a number
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    Dataset<Row> df = spark.read().parquet(dir.toAbsolutePath().toString());
    List<String> have = Arrays.asList(df.columns());
    for (String c : List.of(POST_ID, CREATED_AT, TEXT, LABEL, BRAND)) {
      if (!have.contains(c)) {
        throw new DataException(dir + ": column '" + c + "' missing; is this a CrisisLab posts dataset?");
      }
    }
    return df;
  }

  /** Writes {@code posts} (canonical columns, plus any extra) partitioned by brand and day. */
  public static void write(Dataset<Row> posts, Path dir) {
    posts.write().mode(SaveMode.ErrorIfExists).partitionBy(BRAND, DAY).parquet(dir.toAbsolutePath().toString());
  }
}
