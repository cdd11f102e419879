package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The split step: a given test set, else by time when every post has {@code created_at} (the
 * latest {@code testFraction} is the test set), else a seeded stratified split; plus the given
 * validation set. Every frame carries the target columns ({@link TrainingData#withTarget}) and is
 * cached until {@link #release}.
 *
 * @param val the given validation set, or null (then the search uses out-of-fold predictions)
 * @param description how the test set was chosen (written to metrics.json)
 */
record Split(Dataset<Row> train, Dataset<Row> test, Dataset<Row> val, long nTrain, String description) {

  static Split of(SparkSession spark, TrainJob.Config c, long splitSeed, RunContext ctx) {
    Dataset<Row> all = labelled(spark, c.posts(), ctx, "posts", false);
    Dataset<Row> train;
    Dataset<Row> test;
    String desc;
    if (c.testPosts() != null) {
      train = all;
      test = labelled(spark, c.testPosts(), ctx, "test posts", true);
      desc = "given test set " + c.testPosts().getFileName();
    } else {
      long withTime = all.filter(col(PostColumns.CREATED_AT).isNotNull()).count();
      long n = all.count();
      Dataset<Row>[] s;
      if (n > 0 && withTime == n) {
        s = TrainingData.timeSplit(all, c.testFraction());
        desc = String.format(Locale.ROOT, "time-ordered: sorted by created_at (UTC, ties by post_id, source), "
            + "latest %.0f%% is the test set", c.testFraction() * 100);
      } else {
        s = TrainingData.stratifiedSplit(all, c.testFraction(), splitSeed);
        desc = String.format(Locale.ROOT, "seeded stratified random split (seed %d), %.0f%% test",
            splitSeed, c.testFraction() * 100);
      }
      train = s[0];
      test = s[1];
    }
    train = TrainingData.withTarget(train, c.task()).persist(StorageLevel.MEMORY_AND_DISK());
    test = TrainingData.withTarget(test, c.task()).persist(StorageLevel.MEMORY_AND_DISK());
    long nTrain = train.count();
    long nTest = test.count();
    if (nTrain == 0) {
      throw new DataException(c.posts() + ": empty training set (no labelled posts)");
    }
    if (nTest == 0) {
      throw new DataException("empty test set: nothing to evaluate on");
    }
    if (train.select(TrainingData.LABEL_IDX).distinct().count() < 2) {
      throw new DataException(c.posts() + ": the training set has one class only; a classifier needs at least two");
    }
    ctx.stage("split: " + desc + " train", nTrain);
    ctx.count("test", nTest);
    Dataset<Row> val = null;
    if (c.valPosts() != null) {
      val = TrainingData.withTarget(labelled(spark, c.valPosts(), ctx, "validation posts", true), c.task())
          .persist(StorageLevel.MEMORY_AND_DISK());
      ctx.count("validation", val.count());
    }
    return new Split(train, test, val, nTrain, desc);
  }

  void release() {
    train.unpersist();
    test.unpersist();
    if (val != null) {
      val.unpersist();
    }
  }

  /** Reads posts, keeps labelled ones; for a test/val set a post without a label is an error. */
  static Dataset<Row> labelled(SparkSession spark, Path path, RunContext ctx, String what, boolean mustBeLabelled) {
    Dataset<Row> df = PostsDataset.read(spark, path);
    ctx.input(path);
    List<String> have = Arrays.asList(df.columns());
    for (String opt : List.of(PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE)) {
      if (!have.contains(opt)) {
        df = df.withColumn(opt, lit(null).cast(DataTypes.StringType));
      }
    }
    df = df.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.LABEL, PostColumns.CREATED_AT,
        PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE);
    long total = df.count();
    long unlabelled = df.filter(col(PostColumns.LABEL).isNull()).count();
    if (mustBeLabelled && unlabelled > 0) {
      throw new DataException(path + ": " + what + " without labels (" + unlabelled + " of " + total
          + " posts have no 'label'); a test or validation set must be labelled");
    }
    Row bad = df.filter(col(PostColumns.LABEL).isNotNull()
        .and(functions.not(col(PostColumns.LABEL).isin("negative", "neutral", "positive")))).limit(1)
        .collectAsList().stream().findFirst().orElse(null);
    if (bad != null) {
      throw new DataException(path + ": post " + bad.getAs(PostColumns.POST_ID) + " (" + bad.getAs(PostColumns.SOURCE)
          + "): label '" + bad.getAs(PostColumns.LABEL) + "' is not negative, neutral or positive");
    }
    ctx.stage("read " + what + " (" + unlabelled + " unlabelled dropped)", total);
    return df.filter(col(PostColumns.LABEL).isNotNull());
  }
}
