package io.crisislab.models.sim;

import java.util.Arrays;

/**
 * The future event list of one replication: a binary min-heap on (time, insertion order) over
 * primitive arrays, so millions of events allocate nothing. Ties in time are served in the order
 * they were scheduled, which keeps a replication deterministic.
 */
final class EventQueue {
  private double[] time = new double[64];
  private long[] seq = new long[64];
  private int[] kind = new int[64];
  private int[] arg = new int[64];
  private int size;
  private long counter;

  void clear() {
    size = 0;
    counter = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void push(double t, int k, int a) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      seq = Arrays.copyOf(seq, n);
      kind = Arrays.copyOf(kind, n);
      arg = Arrays.copyOf(arg, n);
    }
    int i = size++;
    long s = counter++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (less(t, s, time[p], seq[p])) {
        move(p, i);
        i = p;
      } else {
        break;
      }
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }

  double peekTime() {
    return time[0];
  }

  int peekKind() {
    return kind[0];
  }

  int peekArg() {
    return arg[0];
  }

  /** Removes the head (read it with the peek methods first). */
  void pop() {
    int last = --size;
    if (last == 0) {
      return;
    }
    double t = time[last];
    long s = seq[last];
    int k = kind[last];
    int a = arg[last];
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= last) {
        break;
      }
      if (c + 1 < last && less(time[c + 1], seq[c + 1], time[c], seq[c])) {
        c++;
      }
      if (less(time[c], seq[c], t, s)) {
        move(c, i);
        i = c;
      } else {
        break;
      }
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }

  private void move(int from, int to) {
    time[to] = time[from];
    seq[to] = seq[from];
    kind[to] = kind[from];
    arg[to] = arg[from];
  }

  private static boolean less(double t1, long s1, double t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }
}
