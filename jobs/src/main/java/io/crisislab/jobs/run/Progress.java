package io.crisislab.jobs.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One readable line per stage of a job on standard error, e.g.
 * {@code [train] fit pipeline: 11,712 rows, 41.2 s}. Elapsed time is since the previous line.
 */
public final class Progress {
  private final String job;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long last = start;

  public Progress(String job, PrintStream out) {
    this.job = job;
    this.out = out;
  }

  /** Reports a finished stage with its row count (pass a negative count when rows do not apply). */
  public synchronized void stage(String name, long rows) {
    long now = System.nanoTime();
    String rowsPart = rows >= 0 ? String.format(Locale.ROOT, "%,d rows, ", rows) : "";
    out.printf(Locale.ROOT, "[%s] %s: %s%.1f s%n", job, name, rowsPart, (now - last) / 1e9);
    last = now;
  }

  /** A free-form line (where a stage produced something worth pointing at). */
  public synchronized void info(String message) {
    out.printf(Locale.ROOT, "[%s] %s%n", job, message);
  }

  /** Seconds since the job started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * A line every {@code HEARTBEAT_SECONDS} while a long step runs, for steps whose parts (a grid
   * point, a fold) can each take minutes: {@code [train] search: 3/12 grid point 2/6, fold 1/3,
   * 41 s elapsed, ~120 s left}. The step reports where it is with {@link Heartbeat#at}; a daemon
   * thread prints, so a line appears even while one Spark fit runs. Close it when the step ends.
   */
  public Heartbeat heartbeat(String step, long total) {
    return new Heartbeat(step, total, HEARTBEAT_SECONDS);
  }

  /** Seconds between heartbeat lines. */
  public static final int HEARTBEAT_SECONDS = 10;

  /** See {@link #heartbeat}. */
  public final class Heartbeat implements AutoCloseable {
    private final String step;
    private final long total;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private long done;
    private String where = "starting";

    private Heartbeat(String step, long total, int periodSeconds) {
      this.step = step;
      this.total = total;
      this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-" + job);
        t.setDaemon(true);
        return t;
      });
      timer.scheduleAtFixedRate(() -> info(line()), periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    /** {@code done} of {@code total} parts finished; {@code where} names the part now running. */
    public synchronized void at(long done, String where) {
      this.done = done;
      this.where = where;
    }

    /** The heartbeat line as it would print now. */
    public synchronized String line() {
      double elapsed = (System.nanoTime() - started) / 1e9;
      String left = done > 0 && done < total
          ? String.format(Locale.ROOT, ", ~%.0f s left", elapsed / done * (total - done)) : "";
      return String.format(Locale.ROOT, "%s: %d/%d done, now %s, %.0f s elapsed%s", step, done, total, where,
          elapsed, left);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
