package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.detect.RollingZDetector;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crisislab bench detectors}: detector-bucket evaluations per second of a tuning sweep —
 * {@code series × buckets × parameter sets} rolling z-score evaluations (one parameter set = one
 * window length; each bucket's score compared with the threshold) — with CrisisLab's streaming
 * {@link RollingZDetector} on one thread, next to a numpy vectorised (prefix-sum) sweep of the same
 * size run in the same benchmark ({@code bench/python/bench_detectors.py}). Both count the buckets
 * whose z-score reaches the threshold; the counts are printed so they can be compared.
 */
@Command(name = "detectors", mixinStandardHelpOptions = true,
    description = "Benchmark: rolling z-score sweep, detector-bucket evaluations/s, vs numpy (same size, same run).")
public final class BenchDetectors implements Callable<Integer> {
  @Option(names = "--series", defaultValue = "10", description = "Series (default: ${DEFAULT-VALUE}).")
  int series;

  @Option(names = "--buckets", defaultValue = "16000", description = "Buckets per series (default: ${DEFAULT-VALUE}).")
  int buckets;

  @Option(names = "--params", defaultValue = "1000", description = "Parameter sets = window lengths 12, 14, ... (default: ${DEFAULT-VALUE}).")
  int params;

  @Mixin
  BenchRuns timed;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic series (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-peer", description = "Skip the numpy peer.")
  boolean noPeer;

  static final int W0 = 12;
  static final int STEP = 2;
  static final double THRESHOLD = 3.0;

  @Override
  public Integer call() throws IOException {
    int runs = timed.count();
    if (series < 1 || buckets < 10 || params < 1) {
      throw new UsageException("--series, --buckets and --params must be positive (buckets >= 10)");
    }
    double[][] data = data(series, buckets, seed);
    long evaluations = (long) series * buckets * params;
    double[] secs = new double[runs];
    long exceed = 0;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      exceed = sweep(data, params);
      secs[r] = (System.nanoTime() - t0) / 1e9;
    }
    double ours = BenchTable.median(secs);
    String peer = "-";
    String peerMedian = "-";
    double ratio = Double.NaN;
    if (!noPeer) {
      Path file = Files.createTempFile("crisislab-bench-detectors", ".txt");
      try {
        StringBuilder sb = new StringBuilder();
        for (double[] s : data) {
          for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : " ").append((long) s[i]);
          }
          sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        Path home = PythonPeer.home();
        JsonNode out = PythonPeer.runScript(home, "bench_detectors.py", file.toString(),
            Integer.toString(W0), Integer.toString(STEP), Integer.toString(params), Double.toString(THRESHOLD),
            Integer.toString(runs));
        double theirs = out.get("median_seconds").asDouble();
        peer = "numpy " + out.get("numpy").asText() + " vectorised prefix sums";
        peerMedian = rate(evaluations / theirs);
        ratio = theirs / ours;
        System.out.printf(Locale.ROOT, "buckets at or above z=%.1f: CrisisLab %d, numpy %d%n", THRESHOLD, exceed,
            out.get("exceed").asLong());
      } finally {
        Files.deleteIfExists(file);
      }
    }
    BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(
        "detectors: rolling z-score sweep (1 thread)",
        String.format(Locale.ROOT, "%d series × %,d buckets × %,d windows = %,d evaluations", series, buckets, params, evaluations),
        rate(evaluations / ours), peer, peerMedian, ratio, runs,
        String.format(Locale.ROOT, "./crisislab bench detectors --series %d --buckets %d --params %d --runs %d", series,
            buckets, params, runs)));
    return 0;
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1fM evals/s", perSecond / 1e6);
  }

  /** Seeded Poisson counts with a daily cycle; series volumes span three orders of magnitude. */
  static double[][] data(int series, int buckets, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    double[][] out = new double[series][buckets];
    for (int s = 0; s < series; s++) {
      double base = Math.pow(10, 3.0 * s / Math.max(1, series - 1));
      for (int i = 0; i < buckets; i++) {
        double rate = base * (1 + 0.5 * Math.sin(2 * Math.PI * i / 288.0));
        out[s][i] = new PoissonDistribution(rng, rate, 1e-12, 10_000).sample();
      }
    }
    return out;
  }

  /** The sweep: every series × every window, streaming; returns the number of exceeding buckets. */
  static long sweep(double[][] data, int params) {
    long exceed = 0;
    for (double[] s : data) {
      for (int j = 0; j < params; j++) {
        RollingZDetector d = new RollingZDetector(W0 + STEP * j, 1.0, false);
        for (int i = 0; i < s.length; i++) {
          if (d.update(i, s[i]) >= THRESHOLD) {
            exceed++;
          }
        }
      }
    }
    return exceed;
  }
}
