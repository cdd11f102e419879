package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.NegativityScorer;
import java.io.IOException;
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

  /** The Parquet folder itself (a run folder's posts/ or the folder given). */
  static Path dataDir(Path p) {
    return Files.isDirectory(p.resolve(PostsDataset.SUBDIR)) ? p.resolve(PostsDataset.SUBDIR) : p;
  }
}
