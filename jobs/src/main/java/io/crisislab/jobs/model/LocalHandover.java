package io.crisislab.jobs.model;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays handed between the driver and the tasks of one Spark job when the tasks run in the
 * driver's JVM (a local master), instead of a broadcast and collected results. At TweetEval size an
 * objective evaluation of {@link LogisticFit} broadcasts 7.6 MB of coefficients (serialised,
 * compressed and stored in the block manager) and collects a 7.6 MB gradient per partition, over
 * Spark's 1 MB direct-result limit, so each is serialised, stored in the block manager, fetched back
 * over the loopback and deserialised: about 200 evaluations per fit, each with those copies and
 * their garbage. In local mode the tasks read the driver's arrays where they are and add into
 * buffers the driver owns. A round is registered under an id before the job and removed after; a
 * task (shipped only the id) finds it here, or fails loudly if it runs in another JVM.
 */
final class LocalHandover {
  private static final ConcurrentHashMap<Long, Round> ROUNDS = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  /** One job's arrays: the coefficients the tasks read and one result buffer per partition. */
  record Round(double[] coef, double[][] results) {
    double[] result(int partition) {
      return results[partition];
    }
  }

  private LocalHandover() {}

  /** Registers a round; its tasks call {@link #round} with the returned id; {@link #close} it after the job. */
  static long open(double[] coef, double[][] results) {
    long id = IDS.incrementAndGet();
    ROUNDS.put(id, new Round(coef, results));
    return id;
  }

  /** The round a task works on; an IllegalStateException when the task does not run in the driver's JVM. */
  static Round round(long id) {
    Round r = ROUNDS.get(id);
    if (r == null) {
      throw new IllegalStateException("LocalHandover round " + id + " not found: the task does not run in the "
          + "driver's JVM (a local master is required for the hand-over)");
    }
    return r;
  }

  static void close(long id) {
    ROUNDS.remove(id);
  }
}
