package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
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
 * cached until {@link #release}; the files are read once.
 *
 * @param val the given validation set, or null (then the search uses out-of-fold predictions)
 * @param description how the test set was chosen (written to metrics.json)
 * @param cached the cached frames {@link #release} drops
 */
record Split(Dataset<Row> train, Dataset<Row> test, Dataset<Row> val, long nTrain, String description,
    List<Dataset<Row>> cached) {

  static Split of(SparkSession spark, TrainJob.Config c, long splitSeed, RunContext ctx) {
    Labelled all = labelled(spark, c.posts(), ctx, "posts", false);
    // the posts as read: dropped once train and test are cached
    List<Dataset<Row>> asRead = new ArrayList<>(List.of(all.posts()));
    Dataset<Row> train;
    Dataset<Row> test;
    String desc;
    if (c.testPosts() != null) {
      train = all.posts();
      Labelled given = labelled(spark, c.testPosts(), ctx, "test posts", true);
      asRead.add(given.posts());
      test = given.posts();
      desc = "given test set " + c.testPosts().getFileName();
    } else {
      Dataset<Row>[] s;
      if (all.n() > 0 && all.allTimed()) {
        s = TrainingData.timeSplit(all.posts(), all.n(), c.testFraction());
        desc = String.format(Locale.ROOT, "time-ordered: sorted by created_at (UTC, ties by post_id, source), "
            + "latest %.0f%% is the test set", c.testFraction() * 100);
      } else {
        s = TrainingData.stratifiedSplit(all.posts(), c.testFraction(), splitSeed);
        desc = String.format(Locale.ROOT, "seeded stratified random split (seed %d), %.0f%% test",
            splitSeed, c.testFraction() * 100);
      }
      train = s[0];
      test = s[1];
    }
    // train and test cached in one partition per core (the time split's ranking leaves one), so
    // every later pass over them runs on all cores
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    train = TrainingData.withTarget(train, c.task()).repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
    test = TrainingData.withTarget(test, c.task()).repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
    Row counts = train.agg(functions.count(lit(1)), functions.countDistinct(col(TrainingData.LABEL_IDX))).first();
    long nTrain = counts.getLong(0);
    long nTest = test.count();
    asRead.forEach(Dataset::unpersist);
    List<Dataset<Row>> cached = new ArrayList<>(List.of(train, test));
    if (nTrain == 0) {
      throw new DataException(c.posts() + ": empty training set (no labelled posts)");
    }
    if (nTest == 0) {
      throw new DataException("empty test set: nothing to evaluate on");
    }
    if (counts.getLong(1) < 2) {
      throw new DataException(c.posts() + ": the training set has one class only; a classifier needs at least two");
    }
    ctx.stage("split: " + desc + " train", nTrain);
    ctx.count("test", nTest);
    Dataset<Row> val = null;
    if (c.valPosts() != null) {
      Labelled given = labelled(spark, c.valPosts(), ctx, "validation posts", true);
      val = TrainingData.withTarget(given.posts(), c.task());
      cached.add(given.posts());
      ctx.count("validation", given.n());
    }
    return new Split(train, test, val, nTrain, desc, List.copyOf(cached));
  }

  void release() {
    cached.forEach(Dataset::unpersist);
  }

  /**
   * Labelled posts as read, cached: every check and count of them is one pass over the files.
   *
   * @param n labelled posts
   * @param allTimed whether every labelled post has created_at
   */
  record Labelled(Dataset<Row> posts, long n, boolean allTimed) {}

  /** Reads posts, keeps labelled ones; for a test/val set a post without a label is an error. */
  static Labelled labelled(SparkSession spark, Path path, RunContext ctx, String what, boolean mustBeLabelled) {
    Dataset<Row> df = PostsDataset.read(spark, path);
    ctx.input(path);
    List<String> have = Arrays.asList(df.columns());
    for (String opt : List.of(PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE)) {
      if (!have.contains(opt)) {
        df = df.withColumn(opt, lit(null).cast(DataTypes.StringType));
      }
    }
    df = df.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.LABEL, PostColumns.CREATED_AT,
        PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Column label = col(PostColumns.LABEL);
    Column bad = label.isNotNull().and(functions.not(label.isin("negative", "neutral", "positive")));
    Row counts = df.agg(functions.count(lit(1)), countIf(label.isNull()), countIf(bad),
        countIf(label.isNotNull().and(col(PostColumns.CREATED_AT).isNull()))).first();
    long total = counts.getLong(0);
    long unlabelled = counts.getLong(1);
    if (mustBeLabelled && unlabelled > 0) {
      df.unpersist();
      throw new DataException(path + ": " + what + " without labels (" + unlabelled + " of " + total
          + " posts have no 'label'); a test or validation set must be labelled");
    }
    if (counts.getLong(2) > 0) {
      Row r = df.filter(bad).limit(1).first();
      df.unpersist();
      throw new DataException(path + ": post " + r.getAs(PostColumns.POST_ID) + " (" + r.getAs(PostColumns.SOURCE)
          + "): label '" + r.getAs(PostColumns.LABEL) + "' is not negative, neutral or positive");
    }
    ctx.stage("read " + what + " (" + unlabelled + " unlabelled dropped)", total);
    Dataset<Row> labelled = unlabelled == 0 ? df : df.filter(label.isNotNull());
    return new Labelled(labelled, total - unlabelled, counts.getLong(3) == 0);
  }

  private static Column countIf(Column condition) {
    return functions.coalesce(functions.sum(functions.when(condition, 1L).otherwise(0L)), lit(0L));
  }
}
