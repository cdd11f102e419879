package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.simulate.SimulateJob;
import io.crisislab.models.json.Json;
import io.crisislab.models.sim.Engine;
import io.crisislab.models.sim.Model;
import io.crisislab.models.sim.Plan;
import io.crisislab.models.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crisislab bench simulate}: replications per second and events per second of the discrete-event
 * engine on the example 12-step plan with the 2,000-message Saturday surge, for each size, next to the
 * plain-Python heapq peer ({@code bench/python/simulate_peer.py}) run on the same compiled model in the
 * same benchmark run. The engine runs on {@code --threads} threads (one engine each, as one per Spark
 * partition); the peer is single-threaded Python, as written. Ratio = our replications/s ÷ the peer's.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Benchmark: simulation engine replications/s and events/s vs a plain-Python heapq peer.")
public final class BenchSimulate implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
      description = "Replication counts (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Mixin
  BenchRuns timed;

  @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: all cores).")
  int threads;

  @Option(names = "--peer-replications", defaultValue = "1000",
      description = "Replications the Python peer runs per measurement (its rate is per replication; default: ${DEFAULT-VALUE}).")
  int peerReplications;

  @Option(names = "--plan", description = "Plan (default: the example 12-step plan).")
  Path plan;

  @Option(names = "--scenario", description = "Scenario (default: the Saturday 2 a.m. 2,000-message surge).")
  Path scenario;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    int runs = timed.count();
    BenchRuns.atLeastOne("--peer-replications", peerReplications);
    Path home = PythonPeer.home();
    Path p = plan != null ? plan : home.resolve(SimulateJob.EXAMPLE_PLAN);
    Path s = scenario != null ? scenario : home.resolve(SimulateJob.EXAMPLE_SCENARIO);
    Model model = new Model(Plan.load(p), Scenario.load(s));
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path exported = Files.createTempFile("crisislab-sim-model", ".json");
    Files.writeString(exported, Json.write(model.export()));
    // warm the JIT so the first size is not penalised
    measure(model, Math.min(2000, sizes.get(0)), t);
    for (long n : sizes) {
      double[] rates = new double[runs];
      double[] evRates = new double[runs];
      double[] peerRates = new double[runs];
      double[] peerEvRates = new double[runs];
      for (int r = 0; r < runs; r++) {
        long[] res = measure(model, n, t);
        double secs = res[1] / 1e9;
        rates[r] = n / secs;
        evRates[r] = res[0] / secs;
        int pn = (int) Math.min(n, peerReplications);
        JsonNode peer = PythonPeer.runScript(home, "simulate_peer.py", exported.toString(),
            String.valueOf(pn), String.valueOf(seed));
        peerRates[r] = pn / peer.get("seconds").asDouble();
        peerEvRates[r] = peer.get("events").asDouble() / peer.get("seconds").asDouble();
        System.err.printf(Locale.ROOT, "simulate n=%d run %d: %.0f reps/s, %.2fM events/s (%.1f s); python %.1f reps/s%n",
            n, r + 1, rates[r], evRates[r] / 1e6, secs, peerRates[r]);
      }
      double med = BenchTable.median(rates);
      double peerMed = BenchTable.median(peerRates);
      BenchTable.append(BenchTable.defaultFile(), new BenchTable.Row(
          "simulate 12-step plan + 2,000-msg surge", String.format(Locale.ROOT, "%,d replications", n),
          String.format(Locale.ROOT, "%,.0f reps/s, %.2fM events/s (%d threads)", med, BenchTable.median(evRates) / 1e6, t),
          String.format(Locale.ROOT, "plain Python heapq (%,d reps)", Math.min(n, peerReplications)),
          String.format(Locale.ROOT, "%,.1f reps/s, %.2fM events/s", peerMed, BenchTable.median(peerEvRates) / 1e6),
          med / peerMed, runs,
          "./crisislab bench simulate --sizes " + n + " --runs " + runs + " --peer-replications " + peerReplications));
    }
    Files.deleteIfExists(exported);
    return 0;
  }

  /** Runs replications [0, n) on t threads; returns {events, nanoseconds}. */
  static long[] measure(Model model, long n, int t) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(t);
    try {
      long start = System.nanoTime();
      List<Future<Long>> parts = new ArrayList<>();
      for (int k = 0; k < t; k++) {
        long a = n * k / t;
        long b = n * (k + 1) / t;
        parts.add(pool.submit(() -> {
          Engine e = new Engine(model, 42);
          long ev = 0;
          for (long i = a; i < b; i++) {
            ev += e.run(i).events();
          }
          return ev;
        }));
      }
      long events = 0;
      for (Future<Long> f : parts) {
        events += f.get();
      }
      return new long[] {events, System.nanoTime() - start};
    } finally {
      pool.shutdownNow();
    }
  }
}
