package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.NegativityScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput of the Spark-free scorer ({@code models}' NegativityScorer) on one thread: posts per
 * second over {@code --posts-count} posts (the texts of {@code --posts}, repeated), median of
 * {@code --runs}, after a warm-up pass. Peer: scikit-learn TfidfVectorizer (word 1-2 + char 2-5)
 * + LogisticRegression transform and predict_proba in one batch, one BLAS thread.
 *
 * <p>A model with a cascade (trained with an encoder) gives three rows instead, each on one thread
 * over the first {@code --encoder-posts} texts: its n-gram model alone, the cascade (with the share
 * of posts it sends to the encoder) and the encoder model on every post; no peer.
 */
@Command(name = "scorer", mixinStandardHelpOptions = true,
    description = "Benchmark: Spark-free scorer throughput (posts/s, one thread) vs scikit-learn batch scoring.")
public final class BenchScorer implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Train run folder (scorer.json).")
  Path model;

  @Option(names = "--posts", required = true, paramLabel = "DIR", description = "Posts whose texts are scored (canonical Parquet).")
  Path posts;

  @Option(names = "--posts-count", defaultValue = "200000", paramLabel = "N", description = "Posts scored per run (default: ${DEFAULT-VALUE}).")
  int count;

  @Mixin
  BenchRuns timed;

  @Option(names = "--max-chars", paramLabel = "N", description = "Score only posts of at most N characters (short posts); default: all.")
  Integer maxChars;

  @Option(names = "--no-peer", description = "Skip the scikit-learn peer.")
  boolean noPeer;

  @Option(names = "--encoder-posts", defaultValue = "2000", paramLabel = "N",
      description = "With a cascade model: posts scored per run by each of n-gram, cascade and encoder model (default: ${DEFAULT-VALUE}; the encoder embeds tens of posts/s).")
  int encoderPosts;

  @Override
  public Integer call() {
    int runs = timed.count();
    SparkSession spark = Sessions.getOrCreate("local[2]", 2, false);
    List<String> texts = new ArrayList<>();
    PostsDataset.read(spark, posts).select(PostColumns.TEXT).collectAsList().forEach(r -> texts.add(r.getString(0)));
    texts.removeIf(t -> t == null || (maxChars != null && t.length() > maxChars));
    if (texts.isEmpty()) {
      throw new DataException(posts + ": no post text" + (maxChars != null ? " of at most " + maxChars + " characters" : ""));
    }
    double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
    NegativityScorer scorer = NegativityScorer.load(model);
    if (scorer.ngramModel() != null) {
      cascadeRows(scorer, texts.subList(0, Math.min(encoderPosts, texts.size())));
      return 0;
    }
    String[] batch = new String[count];
    for (int i = 0; i < count; i++) {
      batch[i] = texts.get(i % texts.size());
    }
    double sink = 0;
    for (String t : batch) {
      sink += scorer.pNegative(t); // warm-up
    }
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      for (String t : batch) {
        sink += scorer.pNegative(t);
      }
      rates[r] = count / ((System.nanoTime() - t0) / 1e9);
    }
    double ours = BenchTable.median(rates);
    String peerName = "-";
    String peerMedian = "-";
    double ratio = Double.NaN;
    if (!noPeer) {
      JsonNode peer = PythonPeer.runScript(PythonPeer.home(), "train_peer.py",
          "--posts", dataDir(posts).toString(), "--runs", "1",
          "--score-posts", Integer.toString(Math.min(count, 100_000)),
          "--max-chars", Integer.toString(maxChars == null ? Integer.MAX_VALUE : maxChars));
      double p = peer.get("score_posts_per_second").asDouble();
      peerName = "scikit-learn TfidfVectorizer+LR batch";
      peerMedian = String.format(Locale.ROOT, "%,.0f posts/s", p);
      ratio = ours / p;
    }
    BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row("scorer (Spark-free, 1 thread) " + model.getFileName(),
        String.format(Locale.ROOT, "%,d posts (%s, mean %.0f chars)", count,
            maxChars == null ? "all posts" : "posts <= " + maxChars + " chars", meanChars), String.format(Locale.ROOT, "%,.0f posts/s", ours), peerName,
        peerMedian, ratio, runs, "crisislab bench scorer --model " + model + " --posts " + posts
        + (maxChars == null ? "" : " --max-chars " + maxChars)));
    System.err.println("(checksum " + sink + ")");
    return 0;
  }

  /** The cascade's three rows: n-gram model alone, cascade (share routed), encoder model on every post. */
  private void cascadeRows(NegativityScorer cascade, List<String> texts) {
    if (!cascade.encoderAvailable()) {
      throw new DataException(model + ": the cascade's encoder jar is not on the class path; nothing to compare");
    }
    int routed = 0;
    for (String t : texts) {
      routed += cascade.score(t).encoder() ? 1 : 0;
    }
    double share = routed / (double) texts.size();
    String load = String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    String[] names = {"n-gram model alone", String.format(Locale.ROOT, "cascade, %.1f %% routed to the encoder", 100 * share),
        "encoder model on every post"};
    NegativityScorer[] scorers = {cascade.ngramModel(), cascade, cascade.fullModel()};
    double[] rates = new double[scorers.length];
    for (int k = 0; k < scorers.length; k++) {
      rates[k] = rate(scorers[k], texts);
    }
    double full = rates[2];
    for (int k = 0; k < scorers.length; k++) {
      // the peer of the n-gram and cascade rows is the encoder model on every post: ratio = speed-up
      boolean vsFull = k < 2;
      BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row("scorer (Spark-free, 1 thread) " + model.getFileName()
          + ": " + names[k], String.format(Locale.ROOT, "%,d posts (load average %s at start)", texts.size(), load),
          String.format(Locale.ROOT, "%,.1f posts/s", rates[k]), vsFull ? names[2] : "-",
          vsFull ? String.format(Locale.ROOT, "%,.1f posts/s", full) : "-", vsFull ? rates[k] / full : Double.NaN, timed.count(),
          "crisislab bench scorer --model " + model + " --posts " + posts + " --encoder-posts " + texts.size()));
    }
  }

  /** Median posts/s of {@code s} over {@code texts} on this thread, after a warm-up pass. */
  private double rate(NegativityScorer s, List<String> texts) {
    double sink = 0;
    for (String t : texts) {
      sink += s.pNegative(t);
    }
    int runs = timed.count();
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      for (String t : texts) {
        sink += s.pNegative(t);
      }
      rates[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
    }
    System.err.println("(checksum " + sink + ")");
    return BenchTable.median(rates);
  }

  /** The Parquet folder itself (a run folder's posts/ or the folder given). */
  static Path dataDir(Path p) {
    return Files.isDirectory(p.resolve(PostsDataset.SUBDIR)) ? p.resolve(PostsDataset.SUBDIR) : p;
  }
}
