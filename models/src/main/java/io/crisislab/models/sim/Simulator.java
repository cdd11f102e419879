package io.crisislab.models.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs replications in this JVM (tests, benchmarks, the sensitivity table, Spark partitions):
 * replications [from, from + count) split into contiguous blocks, one {@link Engine} per thread.
 * Results are in replication order and do not depend on the thread count.
 */
public final class Simulator {
  private Simulator() {}

  /** Replications [from, from + count) on one thread. */
  public static List<Replication> run(Model model, long seed, long from, int count) {
    Engine e = new Engine(model, seed);
    List<Replication> out = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      out.add(e.run(i));
    }
    return out;
  }

  /** Replications [0, count) on {@code threads} threads, as columns. */
  public static Results columns(Model model, long seed, int count, int threads) {
    return Results.of(model, run(model, seed, 0, count, threads));
  }

  /** Replications [from, from + count) on {@code threads} threads. */
  public static List<Replication> run(Model model, long seed, long from, int count, int threads) {
    if (threads <= 1 || count < 2 * threads) {
      return run(model, seed, from, count);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "crisislab-sim");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Replication>>> parts = new ArrayList<>();
      int block = (count + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        long a = from + (long) t * block;
        int c = (int) Math.min(block, from + count - a);
        if (c > 0) {
          parts.add(pool.submit(() -> run(model, seed, a, c)));
        }
      }
      List<Replication> out = new ArrayList<>(count);
      for (Future<List<Replication>> f : parts) {
        out.addAll(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The focus milestone's column over replications [0, count). */
  public static double[] focusColumn(Model model, long seed, int count, String milestone) {
    int k = model.milestones().indexOf(milestone);
    Engine e = new Engine(model, seed);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = e.run(i).milestoneMinutes()[k];
    }
    return out;
  }

  /**
   * The sensitivity table computed here: every duration ×0.75 and ×1.25 on the same replications
   * [0, count) (common random numbers).
   */
  public static Summary.Sensitivity sensitivity(Model model, long seed, int count) {
    String focus = model.focus();
    double[] base = focusColumn(model, seed, count, focus);
    Map<String, double[][]> variants = new LinkedHashMap<>();
    for (String item : model.durationItems().keySet()) {
      variants.put(item, new double[][] {
          focusColumn(model.scaled(Map.of(item, 0.75)), seed, count, focus),
          focusColumn(model.scaled(Map.of(item, 1.25)), seed, count, focus)});
    }
    return Summary.sensitivity(model, focus, base, variants);
  }
}
