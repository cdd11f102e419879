package io.crisislab.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.LogisticFit;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.RunFolder;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.stats.Evaluation;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code bench train --scale}: one training fit (word 1-2 + char 2-5 TF-IDF, three-class
 * multinomial LogisticRegression) per size on TweetEval-like posts, with scikit-learn fitted on
 * the very same rows in the same run (bench/python/scale_peer.py, C = 1 / (regParam * n), the same
 * penalty). Per size: wall time of the fit, peak RSS of each process during it, and macro recall
 * on one fixed test set.
 *
 * <p>The posts: the labelled {@code --posts} (e.g. ingested TweetEval) are split once, 20% per
 * label to the fixed test set (seeded hash of post_id, seed {@value #SEED}). A training set of N
 * posts is the first N of the other 80% in seeded-hash order; past their count, post i joins the
 * first half of base post (i mod base) to the second half of a seeded-random base post with the
 * same label, so larger sets grow the vocabulary and stay labelled like the original.
 *
 * <p>With an encoder ({@code --encoder}), each size adds a row: the training texts embedded without
 * the embedding cache (every text through ONNX in this run, so the rate is the encoder's even where
 * a grown set repeats a text), texts per second and per CPU-second, and the LR on TF-IDF + embedding.
 *
 * <p>The peer is stopped at {@link #PEER_CAP} and an out-of-memory end (MemoryError or a kernel
 * kill) is recorded as such; once it has failed at one size it is not run at larger ones.
 */
final class BenchTrainScale {
  static final long SEED = 42;
  static final Duration PEER_CAP = Duration.ofHours(1);
  private static final int MAX_ITER = 100;
  /** Weight of the embedding next to the n-gram blocks (TweetEval's choice on val, docs/train.md). */
  static final double BLOCK_WEIGHT = 2.0;

  /** Which systems a run fits: both (the ratio rows), CrisisLab alone ({@code --no-peer}), or the peer alone ({@code --peer-only}). */
  enum Sides {
    BOTH, OURS, PEER
  }

  private BenchTrainScale() {}

  /** Runs every size in {@code sizes} (ascending order is the caller's) and appends one row each. */
  static void run(SparkSession spark, Path posts, List<Long> sizes, double regParam, SentenceEncoder encoder,
      Sides sides, String command) throws IOException {
    Dataset<Row> all = PostsDataset.read(spark, posts).filter(col(PostColumns.LABEL).isNotNull())
        .select(PostColumns.POST_ID, PostColumns.SOURCE, PostColumns.TEXT, PostColumns.LABEL);
    Dataset<Row>[] split = TrainingData.stratifiedSplit(all, 0.2, SEED);
    List<Row> base = split[0].orderBy(functions.xxhash64(col(PostColumns.POST_ID), lit(SEED)), col(PostColumns.POST_ID))
        .select(PostColumns.TEXT, PostColumns.LABEL).collectAsList();
    if (base.isEmpty()) {
      throw new DataException(posts + ": no labelled posts to scale from");
    }
    Path dir = Files.createTempDirectory("crisislab-bench-scale");
    try {
      Path testDir = dir.resolve("test");
      split[1].select(PostColumns.TEXT, PostColumns.LABEL).write().parquet(testDir.toString());
      Dataset<Row> test = TrainingData.withTarget(spark.read().parquet(testDir.toString()), Task.THREE_CLASS)
          .persist(StorageLevel.MEMORY_AND_DISK());
      long nTest = test.count();
      String[] texts = base.stream().map(r -> r.getString(0)).toArray(String[]::new);
      String[] labels = base.stream().map(r -> r.getString(1)).toArray(String[]::new);
      Broadcast<String[][]> corpus = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new String[][] {texts, labels});
      String peerStopped = sides == Sides.OURS ? "--no-peer" : null;
      for (long n : sizes) {
        String loadBefore = loadAverage();
        Path trainDir = dir.resolve("train-" + n);
        write(spark, corpus, n, trainDir);
        // the files' splits would be uneven (4.5M posts read as 3 partitions on 2 cores): one rule for every stage
        Dataset<Row> train = TrainingData.withTarget(spark.read().parquet(trainDir.toString())
                .repartition(FeaturePipeline.partitions(n, spark)), Task.THREE_CLASS)
            .persist(StorageLevel.MEMORY_AND_DISK());
        long nTrain = train.count();
        PipelineModel feats = null;
        double ours = Double.NaN;
        String oursCell = "not run (--peer-only)";
        String oursNote = "ours not run (--peer-only; see the row of the same size without it)";
        if (sides != Sides.PEER) {
          resetPeakRss();
          long t0 = System.nanoTime();
          feats = FeaturePipeline.build(200_000, 300_000, 2, 2, 5).fit(train);
          LogisticRegressionModel lr = learner(regParam).fit(FeaturePipeline.features(feats, train, spark));
          ours = (System.nanoTime() - t0) / 1e9;
          long oursRss = peakRss();
          double oursRecall = macroRecall(lr.transform(feats.transform(test)));
          System.err.printf(Locale.ROOT, "[bench train] %,d posts: %.1f s, macro recall %.4f%n", nTrain, ours, oursRecall);
          oursCell = String.format(Locale.ROOT, "%.1f s", ours);
          oursNote = String.format(Locale.ROOT, "ours macro recall %.4f, peak RSS %s", oursRecall, gb(oursRss));
        }
        train.unpersist();

        double c = 1.0 / (regParam * nTrain);
        String peerCell;
        String peerNote;
        double ratio = Double.NaN;
        if (peerStopped != null) {
          peerCell = "not run";
          peerNote = "peer not run (" + peerStopped + ")";
        } else {
          // The peer must get the memory our fit used: a full collection lets G1 uncommit the heap
          // the cached blocks held, so at large sizes the peer is not starved by our idle heap.
          System.gc();
          PythonPeer.Outcome o = PythonPeer.runCapped(PythonPeer.home(), PEER_CAP, "scale_peer.py", "--train",
              trainDir.toString(), "--test", testDir.toString(), "--C", Double.toString(c));
          String failure = o.failure(PEER_CAP);
          JsonNode peer = o.lastLine() == null ? null : PythonPeer.parse(o.lastLine());
          if (failure == null && peer != null && peer.has("failure")) {
            failure = peer.get("failure").asText();
          }
          if (failure != null) {
            peerStopped = failure + " at a smaller size";
            peerCell = failure;
            peerNote = "peer " + failure;
          } else {
            double peerSecs = peer.get("fit_seconds").asDouble();
            ratio = peerSecs / ours;
            peerCell = String.format(Locale.ROOT, "%.1f s", peerSecs);
            peerNote = String.format(Locale.ROOT, "peer macro recall %.4f, peak RSS %s", peer.get("macro_recall").asDouble(),
                gb(peer.get("peak_rss_bytes").asLong()));
          }
        }
        BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(String.format(Locale.ROOT,
                "train scaling, TweetEval-like posts (word 1-2 + char 2-5 TF-IDF, 3-class LR, regParam %s, one fit; "
                    + "load average %s → %s): %s; %s; ratio = peer s / our s",
                regParam, loadBefore, loadAverage(), oursNote, peerNote),
            String.format(Locale.ROOT, "%,d train / %,d test posts", nTrain, nTest),
            oursCell, String.format(Locale.ROOT, "scikit-learn TfidfVectorizer+LR (C=%.3g)", c),
            peerCell, ratio, 1, command));
        if (encoder != SentenceEncoder.NONE && feats != null) {
          encoderRow(spark, encoder, feats, trainDir, test, nTest, regParam, command);
        }
        RunFolder.deleteTree(trainDir);
      }
      test.unpersist();
    } finally {
      RunFolder.deleteTree(dir);
    }
  }

  /** The fit's learner: three-class multinomial LR, no standardisation, train's block size. */
  private static LogisticFit learner(double regParam) {
    return FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, regParam, MAX_ITER, true);
  }

  /**
   * The encoder's row at one size: every training text embedded in this run (no embedding cache, so
   * no text is looked up instead of embedded, whether or not the grown set repeats texts), timed
   * with the n-gram featurising it rides with, as wall time and as this process's CPU time (Spark's
   * local executors are its threads: texts per CPU-second is the rate per core); then the same LR on
   * TF-IDF + {@value #BLOCK_WEIGHT} x embedding, and macro recall on the test set (embedded untimed).
   */
  private static void encoderRow(SparkSession spark, SentenceEncoder encoder, PipelineModel ngrams, Path trainDir,
      Dataset<Row> test, long nTest, double regParam, String command) {
    Dataset<Row> train = TrainingData.withTarget(spark.read().parquet(trainDir.toString()), Task.THREE_CLASS);
    PipelineModel feats = FeaturePipeline.withEncoder(ngrams, encoder, BLOCK_WEIGHT, null, train);
    String loadBefore = loadAverage();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    Dataset<Row> trainF = FeaturePipeline.cached(feats, train, spark);
    long n = trainF.count();
    double embedSecs = (System.nanoTime() - t0) / 1e9;
    double embedCpu = (processCpuNanos() - cpu0) / 1e9;
    long t1 = System.nanoTime();
    LogisticRegressionModel lr = learner(regParam).fit(trainF);
    double fitSecs = (System.nanoTime() - t1) / 1e9;
    trainF.unpersist();
    double recall = macroRecall(lr.transform(feats.transform(test)));
    int cores = spark.sparkContext().defaultParallelism();
    System.err.printf(Locale.ROOT, "[bench train] %s, %,d posts: embedding %.1f s (%.1f texts/s, %.1f per CPU-second), "
        + "LR %.1f s, macro recall %.4f%n", encoder, n, embedSecs, n / embedSecs, n / embedCpu, fitSecs, recall);
    BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(String.format(Locale.ROOT,
            "train scaling with encoder %s (every training text embedded in this run, no cache; one ONNX call per "
                + "text for the quantized e5/bge, 32 texts per call for MiniLM; one task per core on %d cores; load average %s → %s): %.1f texts/s, %.1f texts per CPU-second (per core), %.1f CPU-s; then "
                + "3-class LR on TF-IDF + %s x embedding, regParam %s: %.1f s, macro recall %.4f; peer: the n-gram row above",
            encoder, cores, loadBefore, loadAverage(), n / embedSecs, n / embedCpu, embedCpu, BLOCK_WEIGHT, regParam,
            fitSecs, recall),
        String.format(Locale.ROOT, "%,d train / %,d test posts", n, nTest),
        String.format(Locale.ROOT, "%.1f s (embedding %.1f + LR %.1f)", embedSecs + fitSecs, embedSecs, fitSecs),
        "scikit-learn TfidfVectorizer+LR (n-gram only)", "row above", Double.NaN, 1, command));
  }

  /** CPU time of this process, all threads (ns), or 0 where the JVM does not say. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime()) : 0;
  }

  /** Writes the N-post training set (text, label) to {@code out}; see the class comment. */
  private static void write(SparkSession spark, Broadcast<String[][]> corpus, long n, Path out) {
    int parts = (int) Math.max(spark.sparkContext().defaultParallelism(), n / 500_000);
    spark.range(0, n, 1, parts).map((MapFunction<Long, Tuple2<String, String>>) i -> post(corpus.value(), i),
        Encoders.tuple(Encoders.STRING(), Encoders.STRING())).toDF(PostColumns.TEXT, PostColumns.LABEL)
        .write().parquet(out.toString());
  }

  /** Post {@code i} of a TweetEval-like set grown from {@code corpus} = {texts, labels}. */
  static Tuple2<String, String> post(String[][] corpus, long i) {
    String[] texts = corpus[0];
    String[] labels = corpus[1];
    int b = texts.length;
    int a = (int) (i % b);
    if (i < b) {
      return new Tuple2<>(texts[a], labels[a]);
    }
    SplittableRandom rnd = new SplittableRandom(SEED ^ (i * 0x9E3779B97F4A7C15L));
    int other = rnd.nextInt(b);
    while (!labels[other].equals(labels[a])) {
      other = rnd.nextInt(b);
    }
    String[] head = texts[a].split(" ");
    String[] tail = texts[other].split(" ");
    List<String> words = new ArrayList<>(List.of(head).subList(0, (head.length + 1) / 2));
    words.addAll(List.of(tail).subList(tail.length / 2, tail.length));
    return new Tuple2<>(String.join(" ", words), labels[a]);
  }

  private static double macroRecall(Dataset<Row> predicted) {
    List<Row> rows = predicted.select(TrainingData.LABEL_IDX, "prediction").collectAsList();
    int[] truth = rows.stream().mapToInt(r -> (int) r.getDouble(0)).toArray();
    int[] pred = rows.stream().mapToInt(r -> (int) r.getDouble(1)).toArray();
    long[][] cm = Evaluation.confusion(truth, pred, 3);
    return Evaluation.macro(Evaluation.recalls(cm), cm);
  }

  /** Resets this process's peak RSS (VmHWM) to its current RSS (Linux; a no-op elsewhere). */
  private static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | UnsupportedOperationException e) {
      // not Linux: the peak then covers the whole process
    }
  }

  /** Peak RSS in bytes since {@link #resetPeakRss} (VmHWM), or -1 when unknown. */
  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static String gb(long bytes) {
    return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
