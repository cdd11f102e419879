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
    for (int p; i > 0 && less(t, s, time[p = (i - 1) >>> 1], seq[p]); i = p) {
      move(p, i);
    }
    put(i, t, s, k, a);
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
    for (int c; (c = smallerChild(i, last)) >= 0 && less(time[c], seq[c], t, s); i = c) {
      move(c, i);
    }
    put(i, t, s, k, a);
  }

  /** The child of {@code i} that comes first among the first {@code n} slots, or -1 when it has none. */
  private int smallerChild(int i, int n) {
    int c = 2 * i + 1;
    if (c >= n) {
      return -1;
    }
    return c + 1 < n && less(time[c + 1], seq[c + 1], time[c], seq[c]) ? c + 1 : c;
  }

  private void put(int i, double t, long s, int k, int a) {
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }

  private void move(int from, int to) {
    put(to, time[from], seq[from], kind[from], arg[from]);
  }

  private static boolean less(double t1, long s1, double t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }
}
