package io.crisislab.jobs.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One readable line per stage of a job on standard error, e.g.
 * {@code [train] fit pipeline: 11,712 rows, 41.2 s}. Elapsed time is since the previous line.
 *
 * <p>No step goes quiet for long: whenever {@link #TICK_SECONDS} pass without a line, a
 * "still working" line names what is running ({@link #working}, and the last stage a quiet child
 * reported) with the time spent on it and in total. The ticker is one shared daemon thread; it
 * stops ticking for a Progress nobody holds any more.
 */
public final class Progress {
  /** At most this long between two lines while a job runs. */
  public static final int TICK_SECONDS = 10;

  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "crisislab-progress");
    t.setDaemon(true);
    return t;
  });

  private final String job;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final Progress parent;
  private long last = start;
  private long lastLine = start;
  private String working;
  private long workingSince = start;
  private String detail;
  private Heartbeat heartbeat;

  public Progress(String job, PrintStream out) {
    this(job, out, null);
    WeakReference<Progress> self = new WeakReference<>(this);
    ScheduledFuture<?>[] handle = new ScheduledFuture<?>[1];
    handle[0] = TICKER.scheduleAtFixedRate(() -> {
      Progress p = self.get();
      if (p == null) {
        handle[0].cancel(false);
      } else {
        p.tick(System.nanoTime());
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  private Progress(String job, PrintStream out, Progress parent) {
    this.job = job;
    this.out = out;
    this.parent = parent;
  }

  /**
   * A Progress that prints nothing but passes its stage names up, so this one's "still working"
   * lines can say where a quiet sub-job is (the demo runs each job with one of these).
   */
  public Progress quiet() {
    return new Progress(job, new PrintStream(OutputStream.nullOutputStream()), this);
  }

  /** Names what runs from now on, for the "still working" lines (e.g. "step 3 train", "fold 2/3"). */
  public synchronized void working(String what) {
    working = what;
    detail = null;
    workingSince = System.nanoTime();
  }

  /** Reports a finished stage with its row count (pass a negative count when rows do not apply). */
  public synchronized void stage(String name, long rows) {
    long now = System.nanoTime();
    String rowsPart = rows >= 0 ? String.format(Locale.ROOT, "%,d rows, ", rows) : "";
    out.printf(Locale.ROOT, "[%s] %s: %s%.1f s%n", job, name, rowsPart, (now - last) / 1e9);
    last = now;
    lastLine = now;
    if (parent != null) {
      parent.detail(name);
    }
  }

  /** A free-form line (where a stage produced something worth pointing at). */
  public synchronized void info(String message) {
    out.printf(Locale.ROOT, "[%s] %s%n", job, message);
    lastLine = System.nanoTime();
    if (parent != null) {
      parent.detail(message);
    }
  }

  private synchronized void detail(String d) {
    detail = d;
  }

  /** Prints a "still working" line when the last line is {@link #TICK_SECONDS} old. */
  synchronized void tick(long now) {
    if (parent != null || now - lastLine < TICK_SECONDS * 1_000_000_000L) {
      return;
    }
    if (heartbeat != null) {
      out.printf(Locale.ROOT, "[%s] %s%s%n", job, working == null ? "" : working + ": ", heartbeat.line());
      lastLine = now;
      return;
    }
    String what = working == null ? "still working" : "still working on " + working;
    String after = detail == null ? "" : " (last done: " + detail + ")";
    out.printf(Locale.ROOT, "[%s] %s%s: %s on it, %s in total%n", job, what, after,
        duration((now - (working == null ? last : workingSince)) / 1e9), duration((now - start) / 1e9));
    lastLine = now;
  }

  /** Seconds as "45 s", "3m05s", "1h02m". */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /** Seconds since the job started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Counted progress for a long step whose parts (a grid point, a fold) can each take minutes: the
   * "still working" lines then read {@code [train] search: 3/12 done, now grid point 2/6, fold 1/3,
   * 41 s elapsed, ~120 s left}. The step reports where it is with {@link Heartbeat#at}; the shared
   * ticker prints, so a line appears even while one Spark fit runs. Close it when the step ends.
   */
  public Heartbeat heartbeat(String step, long total) {
    Heartbeat h = new Heartbeat(step, total);
    // a quiet sub-job's heartbeat is printed, live, by the parent that has the ticker
    for (Progress p = this; p != null; p = p.parent) {
      p.setHeartbeat(null, h);
    }
    return h;
  }

  private synchronized void setHeartbeat(Heartbeat expected, Heartbeat h) {
    if (expected == null || heartbeat == expected) {
      heartbeat = h;
    }
  }

  /** See {@link #heartbeat}. */
  public final class Heartbeat implements AutoCloseable {
    private final String step;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private String where = "starting";

    private Heartbeat(String step, long total) {
      this.step = step;
      this.total = total;
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
      for (Progress p = Progress.this; p != null; p = p.parent) {
        p.setHeartbeat(this, null);
      }
    }
  }
}
