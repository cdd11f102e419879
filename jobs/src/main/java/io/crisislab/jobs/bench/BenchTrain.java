package io.crisislab.jobs.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.model.Learner;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Training time and quality. With {@code --posts}: fit the text features (word 1-2 + char 2-5
 * TF-IDF) and a binary LogisticRegression on the time-ordered split {@code crisislab train} uses,
 * then AUC on its test set; median of {@code --runs} fits next to scikit-learn
 * (bench/python/train_peer.py: TfidfVectorizer + LogisticRegression with the same L2 penalty,
 * C = 1 / (regParam * n_train)) in the same benchmark run; ratio = peer seconds / our seconds.
 * With {@code --scale N,...} as well: one three-class fit per size N on TweetEval-like posts grown
 * from {@code --posts}, scikit-learn on the same rows in the same run ({@link BenchTrainScale}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Benchmark: training time and AUC on a time-ordered split vs scikit-learn; with --scale, time, peak RSS and macro recall per size on posts grown from --posts, next to scikit-learn.")
public final class BenchTrain implements Callable<Integer> {
  @Option(names = "--posts", required = true, paramLabel = "DIR", description = "Labelled canonical posts (e.g. ingested airline tweets; for --scale, ingested TweetEval): compare with scikit-learn.")
  Path posts;

  @Option(names = "--scale", split = ",", paramLabel = "N,...", description = "Training-set sizes grown from --posts (e.g. 45000,456000,4500000,10000000); scikit-learn is capped at 1 h per size.")
  List<Long> scale;

  @Mixin
  BenchRuns timed;

  @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--reg-param", defaultValue = "3e-5", paramLabel = "R", description = "L2 strength (default: ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--encoder", defaultValue = "none", paramLabel = "NAME", description = "With --scale: also embed each training set with this sentence encoder (none, minilm, bge-small, e5-small), uncached, and fit on TF-IDF + embedding (default: ${DEFAULT-VALUE}).")
  String encoder;

  @Option(names = "--no-peer", description = "With --scale: skip scikit-learn (e.g. to add an encoder row at a size whose peer row exists).")
  boolean noPeer;

  @Option(names = "--peer-only", description = "With --scale: run scikit-learn alone on the same generated rows (e.g. to record whether it fits in memory at a size whose CrisisLab row exists, with all of the machine's memory).")
  boolean peerOnly;

  @Override
  public Integer call() throws Exception {
    int runs = timed.count();
    if (scale != null && scale.stream().anyMatch(n -> n < 1)) {
      throw new UsageException("--scale sizes must be >= 1, got " + scale);
    }
    if (peerOnly && (scale == null || noPeer || !"none".equals(encoder))) {
      throw new UsageException("--peer-only needs --scale, and neither --no-peer nor --encoder");
    }
    SparkSession spark = Sessions.getOrCreate(master, 8, false);
    TextUdfs.register(spark);
    if (scale == null) {
      compare(spark, runs);
    } else {
      SentenceEncoder enc = SentenceEncoder.of(encoder);
      BenchTrainScale.run(spark, posts, scale.stream().sorted().toList(), regParam, enc,
          peerOnly ? BenchTrainScale.Sides.PEER : noPeer ? BenchTrainScale.Sides.OURS : BenchTrainScale.Sides.BOTH, "crisislab bench train --posts "
          + posts + " --scale " + scale.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("")
          + " --reg-param " + regParam + (enc == SentenceEncoder.NONE ? "" : " --encoder " + enc) + (noPeer ? " --no-peer" : "")
          + (peerOnly ? " --peer-only" : "") + " --master " + master);
    }
    return 0;
  }

  private void compare(SparkSession spark, int runs) {
    Dataset<Row> all = labelled(PostsDataset.read(spark, posts));
    Dataset<Row>[] split = TrainingData.timeSplit(all, 0.2);
    Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
    long nTrain = train.count();
    long nTest = test.count();
    double[] secs = new double[runs];
    double auc = Double.NaN;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      Fitted f = fit(train, 100);
      secs[r] = (System.nanoTime() - t0) / 1e9;
      auc = testAuc(f, test);
      System.err.printf(Locale.ROOT, "[bench train] run %d: %.1f s, test auc_roc %.4f%n", r + 1, secs[r], auc);
    }
    double ours = BenchTable.median(secs);
    double c = 1.0 / (regParam * nTrain);
    JsonNode peer = PythonPeer.runScript(PythonPeer.home(), "train_peer.py",
        "--posts", BenchScorer.dataDir(posts).toString(), "--runs", Integer.toString(runs), "--score-posts", "1000",
        "--C", Double.toString(c));
    double peerSecs = peer.get("fit_seconds_median").asDouble();
    BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(String.format(Locale.ROOT,
            "train fit (features + LR), time-ordered split: ours auc %.4f, peer auc %.4f; ratio = peer s / our s",
            auc, peer.get("auc_roc").asDouble()),
        String.format(Locale.ROOT, "%,d train / %,d test posts", nTrain, nTest),
        String.format(Locale.ROOT, "%.1f s", ours), String.format(Locale.ROOT, "scikit-learn TfidfVectorizer+LR (C=%.2f)", c),
        String.format(Locale.ROOT, "%.1f s", peerSecs), peerSecs / ours, runs,
        "crisislab bench train --posts " + posts + " --reg-param " + regParam + " --master " + master));
    train.unpersist();
    test.unpersist();
  }

  private static Dataset<Row> labelled(Dataset<Row> posts) {
    return TrainingData.withTarget(posts.filter(col(PostColumns.LABEL).isNotNull()), Task.BINARY);
  }

  private record Fitted(PipelineModel features, Dataset<Row> trainF, LogisticRegressionModel lr) {}

  /** What a training fit costs: text features fitted and applied, then the classifier. */
  private Fitted fit(Dataset<Row> train, int maxIter) {
    PipelineModel feats = FeaturePipeline.build(200_000, 300_000, 2, 2, 5).fit(train);
    Dataset<Row> trainF = FeaturePipeline.features(feats, train, train.sparkSession());
    LogisticRegressionModel lr = FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, regParam, maxIter, false)
        .fit(trainF);
    return new Fitted(feats, trainF, lr);
  }

  private static double testAuc(Fitted f, Dataset<Row> test) {
    List<Row> rows = f.lr().transform(f.features().transform(test))
        .withColumn("p", TrainedModel.pRawColumn(Learner.LOGISTIC_REGRESSION, Task.BINARY))
        .select("p", "label_idx").collectAsList();
    f.trainF().unpersist();
    double[] p = rows.stream().mapToDouble(x -> x.getDouble(0)).toArray();
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rows.get(i).getDouble(1) == 1.0;
    }
    return Evaluation.aucRoc(p, y);
  }
}
