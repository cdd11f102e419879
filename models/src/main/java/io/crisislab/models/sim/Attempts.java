package io.crisislab.models.sim;

import java.util.Arrays;

/**
 * The attempts log of one replication: each time a step becomes ready (again, after rework) is an
 * attempt with its ready, start and end minutes and the attempt that caused it, so the critical
 * path can be walked back from the last completion.
 */
final class Attempts {
  private int n;
  private int[] step = new int[32];
  private double[] ready = new double[32];
  private double[] start = new double[32];
  private double[] end = new double[32];
  private int[] cause = new int[32];

  void clear() {
    n = 0;
  }

  /** Logs an attempt of {@code s} ready at {@code now}, caused by attempt {@code by} (-1: none); returns its id. */
  int add(int s, int by, double now) {
    if (n == step.length) {
      int k = n * 2;
      step = Arrays.copyOf(step, k);
      ready = Arrays.copyOf(ready, k);
      start = Arrays.copyOf(start, k);
      end = Arrays.copyOf(end, k);
      cause = Arrays.copyOf(cause, k);
    }
    step[n] = s;
    ready[n] = now;
    start[n] = Double.NaN;
    end[n] = Double.NaN;
    cause[n] = by;
    return n++;
  }

  void started(int a, double now) {
    start[a] = now;
  }

  void ended(int a, double now) {
    end[a] = now;
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
      if (a >= 0 && (last < 0 || end[a] > end[last])) {
        last = a;
      }
    }
    for (int a = last; a >= 0; a = cause[a]) {
      cp[step[a]] += end[a] - ready[a];
      cpWait[step[a]] += start[a] - ready[a];
    }
    return new double[][] {cp, cpWait};
  }
}
