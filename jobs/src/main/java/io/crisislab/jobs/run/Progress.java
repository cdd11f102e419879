package io.crisislab.jobs.run;

import java.io.PrintStream;
import java.util.Locale;

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
}
