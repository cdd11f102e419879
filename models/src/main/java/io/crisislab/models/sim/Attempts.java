package io.crisislab.models.sim;

import java.util.Arrays;

/**
 * The attempts log of one replication: each time a step becomes ready (again, after rework) is an
 * attempt with its ready, start and end minutes and the attempt that caused it, so the critical
 * path can be walked back from the last completion.
 */
final class Attempts {
  // One row of WIDTH doubles per attempt (step and cause ids are small ints, exact as doubles), so
  // the log grows by one copy and an attempt's fields sit together.
  private static final int STEP = 0;
  private static final int READY = 1;
  private static final int START = 2;
  private static final int END = 3;
  private static final int CAUSE = 4;
  private static final int WIDTH = 5;

  private int n;
  private double[] rows = new double[32 * WIDTH];

  void clear() {
    n = 0;
  }

  /** Logs an attempt of {@code s} ready at {@code now}, caused by attempt {@code by} (-1: none); returns its id. */
  int add(int s, int by, double now) {
    int o = n * WIDTH;
    if (o == rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    rows[o + STEP] = s;
    rows[o + READY] = now;
    rows[o + START] = Double.NaN;
    rows[o + END] = Double.NaN;
    rows[o + CAUSE] = by;
    return n++;
  }

  void started(int a, double now) {
    rows[a * WIDTH + START] = now;
  }

  void ended(int a, double now) {
    rows[a * WIDTH + END] = now;
  }

  private double get(int a, int field) {
    return rows[a * WIDTH + field];
  }

  /**
   * Minutes each step spends on the critical path (ready to done) and of those waiting (ready to
   * start), walking back from the latest completion among {@code lastAttempts} (negative entries
   * are steps not done).
   *
   * @return {total per step, waiting per step}
   */
  double[][] criticalPath(int nSteps, int[] lastAttempts) {
    double[] cp = new double[nSteps];
    double[] cpWait = new double[nSteps];
    int last = -1;
    for (int a : lastAttempts) {
      if (a >= 0 && (last < 0 || get(a, END) > get(last, END))) {
        last = a;
      }
    }
    for (int a = last; a >= 0; a = (int) get(a, CAUSE)) {
      int step = (int) get(a, STEP);
      cp[step] += get(a, END) - get(a, READY);
      cpWait[step] += get(a, START) - get(a, READY);
    }
    return new double[][] {cp, cpWait};
  }
}
