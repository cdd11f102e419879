package io.crisislab.jobs.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.jobs.train.Evaluation;
import io.crisislab.jobs.train.FeaturePipeline;
import io.crisislab.jobs.train.TextUdfs;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training time and quality next to scikit-learn on the same time-ordered split: fit the text
 * features (word 1-2 + char 2-5 TF-IDF) and a binary LogisticRegression, then AUC on the test set.
 * Median of {@code --runs} fits; the peer (bench/python/train_peer.py: TfidfVectorizer +
 * LogisticRegression) runs in the same benchmark run. Ratio = peer seconds / our seconds.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Benchmark: training time and AUC on a time-ordered split vs scikit-learn.")
public final class BenchTrain implements Callable<Integer> {
  @Option(names = "--posts", required = true, paramLabel = "DIR", description = "Labelled canonical posts (e.g. ingested airline tweets).")
  Path posts;

  @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Timed fits (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--reg-param", defaultValue = "1e-4", paramLabel = "R", description = "L2 strength (default: ${DEFAULT-VALUE}).")
  double regParam;

  @Override
  public Integer call() {
    SparkSession spark = Sessions.getOrCreate(master, 8, false);
    TextUdfs.register(spark);
    Dataset<Row> all = PostsDataset.read(spark, posts).filter(col(PostColumns.LABEL).isNotNull())
        .withColumn("label_idx", functions.when(col(PostColumns.LABEL).equalTo("negative"), 1.0).otherwise(0.0));
    long n = all.count();
    long nTest = Math.round(n * 0.2);
    Dataset<Row> ranked = all.withColumn("_rank", functions.row_number().over(
        org.apache.spark.sql.expressions.Window.orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID), col(PostColumns.SOURCE))));
    Dataset<Row> train = ranked.filter(col("_rank").leq(n - nTest)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = ranked.filter(col("_rank").gt(n - nTest)).persist(StorageLevel.MEMORY_AND_DISK());
    train.count();
    test.count();
    double[] secs = new double[runs];
    double auc = Double.NaN;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      PipelineModel feats = FeaturePipeline.build(200_000, 300_000, 2, 2, 5).fit(train);
      Dataset<Row> trainF = feats.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
      LogisticRegressionModel lr = new LogisticRegression().setFeaturesCol(FeaturePipeline.FEATURES)
          .setLabelCol("label_idx").setRegParam(regParam).setStandardization(false).setMaxIter(100).fit(trainF);
      secs[r] = (System.nanoTime() - t0) / 1e9;
      List<Row> rows = lr.transform(feats.transform(test))
          .withColumn("p", org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1))
          .select("p", "label_idx").collectAsList();
      double[] p = rows.stream().mapToDouble(x -> x.getDouble(0)).toArray();
      boolean[] y = new boolean[rows.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = rows.get(i).getDouble(1) == 1.0;
      }
      auc = Evaluation.aucRoc(p, y);
      trainF.unpersist();
      System.err.printf(Locale.ROOT, "[bench train] run %d: %.1f s, test auc_roc %.4f%n", r + 1, secs[r], auc);
    }
    double ours = BenchTable.median(secs);
    JsonNode peer = (JsonNode) BenchScorer.parse(PythonPeer.runScript(PythonPeer.home(), "train_peer.py",
        "--posts", BenchScorer.dataDir(posts).toString(), "--runs", Integer.toString(runs), "--score-posts", "1000"));
    double peerSecs = peer.get("fit_seconds_median").asDouble();
    BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(
        String.format(Locale.ROOT, "train fit, time-ordered split (ours auc %.4f; peer auc %.4f; ratio = peer s / our s)",
            auc, peer.get("auc_roc").asDouble()),
        String.format(Locale.ROOT, "%,d train / %,d test posts", n - nTest, nTest),
        String.format(Locale.ROOT, "%.1f s", ours), "scikit-learn TfidfVectorizer+LR",
        String.format(Locale.ROOT, "%.1f s", peerSecs), peerSecs / ours, runs,
        "crisislab bench train --posts " + posts + " --master " + master));
    train.unpersist();
    test.unpersist();
    return 0;
  }
}
