package io.crisislab.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.crisislab.models.post.PostColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Labelled posts as the learners see them: the target columns and the train/test splits, shared by
 * {@code train} and the training benchmark so both measure on the same rows.
 */
public final class TrainingData {
  /** Class index: binary 1 negative, 0 rest; three-class the {@link Task#classes()} index. */
  public static final String LABEL_IDX = "label_idx";
  /** 1.0 when the post is negative, else 0.0 (for either task). */
  public static final String Y = "y";

  private TrainingData() {}

  /** Adds {@value #LABEL_IDX} and {@value #Y}. */
  public static Dataset<Row> withTarget(Dataset<Row> df, Task task) {
    Column neg = col(PostColumns.LABEL).equalTo("negative");
    Column idx = task == Task.BINARY ? when(neg, 1.0).otherwise(0.0)
        : when(neg, 0.0).when(col(PostColumns.LABEL).equalTo("neutral"), 1.0).otherwise(2.0);
    return df.withColumn(LABEL_IDX, idx).withColumn(Y, when(neg, 1.0).otherwise(0.0));
  }

  /**
   * Column the time split leaves on its training part: the post's rank 1..n in (created_at,
   * post_id, source) order, so time folds of the training set need no second sort.
   */
  public static final String TIME_RANK = "_time_rank";

  /**
   * {train, test}: the latest {@code fraction} of posts by (created_at, post_id, source) is the test
   * set (source, the input file and line, orders repeated ids deterministically). The training part
   * keeps its rank as {@link #TIME_RANK}.
   */
  public static Dataset<Row>[] timeSplit(Dataset<Row> df, double fraction) {
    return timeSplit(df, df.count(), fraction);
  }

  /** {@link #timeSplit(Dataset, double)} when the row count {@code n} of {@code df} is known. */
  @SuppressWarnings("unchecked")
  public static Dataset<Row>[] timeSplit(Dataset<Row> df, long n, double fraction) {
    long nTest = Math.round(n * fraction);
    Dataset<Row> ranked = df.withColumn(TIME_RANK, functions.row_number().over(
        Window.orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID), col(PostColumns.SOURCE))));
    return new Dataset[] {
        ranked.filter(col(TIME_RANK).leq(n - nTest)),
        ranked.filter(col(TIME_RANK).gt(n - nTest)).drop(TIME_RANK)};
  }

  /**
   * {train, test}: per label, the posts with the smallest seeded hash of post_id
   * (round(n_label * fraction) of them) are test.
   */
  @SuppressWarnings("unchecked")
  public static Dataset<Row>[] stratifiedSplit(Dataset<Row> df, double fraction, long seed) {
    Dataset<Row> ranked = df
        .withColumn("_h", functions.xxhash64(col(PostColumns.POST_ID), lit(seed)))
        .withColumn("_rank", functions.row_number().over(
            Window.partitionBy(col(PostColumns.LABEL)).orderBy(col("_h"), col(PostColumns.POST_ID), col(PostColumns.SOURCE))))
        .withColumn("_n", functions.count(lit(1)).over(Window.partitionBy(col(PostColumns.LABEL))));
    Column isTest = col("_rank").leq(functions.round(col("_n").multiply(fraction)));
    return new Dataset[] {ranked.filter(functions.not(isTest)).drop("_h", "_rank", "_n"),
        ranked.filter(isTest).drop("_h", "_rank", "_n")};
  }
}
