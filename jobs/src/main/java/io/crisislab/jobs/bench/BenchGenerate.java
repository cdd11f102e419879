package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.generate.GenerateJob;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunFolder;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crisislab bench generate}: posts per second of {@code generate} end to end (plan, NB
 * counts, labels, template texts, salted author keys, sorted partitioned Parquet with stable names)
 * next to a vectorised numpy + pandas + pyarrow peer of the same stream shape
 * ({@code bench/python/generate_peer.py}, simpler texts and no hashing) measured in the same run.
 * Ratio = our posts/s ÷ the peer's.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Benchmark: generate posts/s vs a vectorised numpy + pandas + pyarrow peer.")
public final class BenchGenerate implements Callable<Integer> {
  @Option(names = "--brands", defaultValue = "10", description = "Brands (default: ${DEFAULT-VALUE}).")
  int brands;

  @Option(names = "--days", defaultValue = "50", description = "Days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--posts-per-day", defaultValue = "2000", description = "Posts a day per brand (default: ${DEFAULT-VALUE}).")
  double postsPerDay;

  @Mixin
  BenchRuns timed;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() throws Exception {
    int runs = timed.count();
    Path home = PythonPeer.home();
    Path dir = Files.createTempDirectory("crisislab-bench-generate");
    try {
      SparkSession spark = Sessions.getOrCreate(master, 8, false);
      GenerateJob.Config c = GenerateJob.Config.defaults().with(GenerateJob.BRANDS, brands)
          .with(GenerateJob.DAYS, days).with(GenerateJob.POSTS_PER_DAY, postsPerDay).build();
      double[] ours = new double[runs];
      double[] peer = new double[runs];
      long n = 0;
      for (int r = 0; r < runs; r++) {
        Path out = Files.createDirectories(dir.resolve("run-" + r));
        long t0 = System.nanoTime();
        GenerateJob.Result res = GenerateJob.run(spark, c, new RunContext("generate", "bench", out, 42,
            new Progress("bench-generate", System.err)));
        double secs = (System.nanoTime() - t0) / 1e9;
        n = res.posts();
        ours[r] = n / secs;
        RunFolder.deleteTree(out);
        Path peerOut = dir.resolve("peer-" + r);
        JsonNode p = PythonPeer.runScript(home, "generate_peer.py", String.valueOf(brands),
            String.valueOf(days), String.valueOf(postsPerDay), "42", peerOut.toString());
        peer[r] = p.get("rows").asDouble() / p.get("seconds").asDouble();
        RunFolder.deleteTree(peerOut);
        System.err.printf(Locale.ROOT, "run %d: crisislab %,.0f posts/s (%,d posts, %.1f s), numpy peer %,.0f posts/s (%,d posts)%n",
            r + 1, ours[r], n, secs, peer[r], p.get("rows").asLong());
      }
      double med = BenchTable.median(ours);
      double peerMed = BenchTable.median(peer);
      BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row("generate stream -> partitioned Parquet (" + master + ")",
          String.format(Locale.ROOT, "%,d posts (%d brands x %d days)", n, brands, days),
          String.format(Locale.ROOT, "%,.0f posts/s", med), "numpy + pandas + pyarrow, vectorised (1 process)",
          String.format(Locale.ROOT, "%,.0f posts/s", peerMed), med / peerMed, runs,
          String.format(Locale.ROOT, "./crisislab bench generate --brands %d --days %d --posts-per-day %.0f --runs %d",
              brands, days, postsPerDay, runs)));
      return 0;
    } finally {
      RunFolder.deleteTree(dir);
    }
  }
}
