package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.ingest.Format;
import io.crisislab.jobs.ingest.IngestJob;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunFolder;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crisislab bench ingest}: rows per second of {@code ingest --format airline} end to end
 * (read with record-boundary splits, validate, hash authors, count duplicates, report, write
 * partitioned Parquet) on the airline {@code Tweets.csv} repeated to at least {@code --rows} rows in
 * one CSV file, next to a pandas + pyarrow peer ({@code bench/python/ingest_peer.py}: read the same
 * CSV, parse the timestamps to UTC, hash the handles, write partitioned Parquet) measured in the
 * same run. Ratio = our rows/s ÷ the peer's.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Benchmark: ingest rows/s on Tweets.csv repeated to >= --rows rows, vs pandas + pyarrow.")
public final class BenchIngest implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "5000000", description = "Rows to ingest at least (default: ${DEFAULT-VALUE}).")
  long rows;

  @Mixin
  BenchRuns timed;

  @Option(names = "--source", description = "Airline CSV to repeat (default: ../shared/data/airline-tweets/Tweets.csv next to the project).")
  Path source;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--work", description = "Scratch folder for the big CSV and outputs (default: a temporary folder).")
  Path work;

  @Override
  public Integer call() throws Exception {
    int runs = timed.count();
    BenchRuns.atLeastOne("--rows", rows);
    Path home = PythonPeer.home();
    Path src = source != null ? source : home.resolve("../shared/data/airline-tweets/Tweets.csv").normalize();
    if (!Files.isRegularFile(src)) {
      throw new UsageException("--source " + src + ": not found");
    }
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("crisislab-bench-ingest");
    try {
      Path big = dir.resolve("airline-repeated.csv");
      long perCopy = 14_640;
      long copies = (rows + perCopy - 1) / perCopy;
      writeRepeated(src, big, copies);
      long total = copies * perCopy;
      System.err.printf(Locale.ROOT, "input: %s, %,d rows, %.2f GB%n", big, total, Files.size(big) / 1e9);
      SparkSession spark = Sessions.getOrCreate(master, 8, false);
      double[] ours = new double[runs];
      double[] peer = new double[runs];
      for (int r = 0; r < runs; r++) {
        Path out = dir.resolve(".run-" + r + ".tmp-bench");
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        IngestJob.Result res = IngestJob.run(spark, IngestJob.Config.defaults(Format.AIRLINE, List.of(big)).build(),
            new RunContext("ingest", "bench", out, 1, new Progress("bench-ingest", System.err)));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (res.report().accepted() != total) {
          throw new IllegalStateException("expected " + total + " accepted rows, got " + res.report().accepted());
        }
        ours[r] = total / secs;
        RunFolder.deleteTree(out);
        Path peerOut = dir.resolve("peer-" + r);
        JsonNode p = PythonPeer.runScript(home, "ingest_peer.py", big.toString(), peerOut.toString());
        peer[r] = p.get("rows").asDouble() / p.get("seconds").asDouble();
        RunFolder.deleteTree(peerOut);
        System.err.printf(Locale.ROOT, "run %d: crisislab %,.0f rows/s (%.1f s), pandas+pyarrow %,.0f rows/s (%.1f s)%n",
            r + 1, ours[r], secs, peer[r], p.get("seconds").asDouble());
      }
      double med = BenchTable.median(ours);
      double peerMed = BenchTable.median(peer);
      BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row("ingest airline CSV -> partitioned Parquet (" + master + ")",
          String.format(Locale.ROOT, "%,d rows (Tweets.csv x%d, %.2f GB)", total, copies, Files.size(big) / 1e9),
          String.format(Locale.ROOT, "%,.0f rows/s", med), "pandas " + pyVersion(home) + " + pyarrow (1 process)",
          String.format(Locale.ROOT, "%,.0f rows/s", peerMed), med / peerMed, runs,
          "./crisislab bench ingest --rows " + rows + " --runs " + runs));
      System.err.println("runs: ours " + Arrays.toString(ours) + ", peer " + Arrays.toString(peer));
      return 0;
    } finally {
      if (work == null) {
        RunFolder.deleteTree(dir);
      }
    }
  }

  private static String pyVersion(Path home) {
    try {
      Path py = PythonPeer.python(home);
      Process p = new ProcessBuilder(py.toString(), "-c", "import pandas;print(pandas.__version__)").start();
      String v = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return v.isEmpty() ? "?" : v;
    } catch (Exception e) {
      return "?";
    }
  }

  /** Header once, then the data rows of {@code src} {@code copies} times. */
  static void writeRepeated(Path src, Path dst, long copies) throws Exception {
    byte[] all = Files.readAllBytes(src);
    int bodyStart = 0;
    while (all[bodyStart] != '\n') {
      bodyStart++;
    }
    bodyStart++;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dst), 1 << 20)) {
      out.write(all, 0, bodyStart);
      for (long i = 0; i < copies; i++) {
        out.write(all, bodyStart, all.length - bodyStart);
        if (all[all.length - 1] != '\n') {
          out.write('\n');
        }
      }
    }
  }
}
