package io.crisislab.models.detect;

import java.util.Arrays;

/**
 * The last {@code capacity} values kept both in arrival order (to evict the oldest) and sorted (for
 * order statistics). Insert and evict cost O(capacity) element moves; median O(1); MAD O(capacity).
 */
final class SortedWindow {
  private final double[] ring;
  private final double[] sorted;
  private int size;
  private int head;

  SortedWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1, got " + capacity);
    }
    ring = new double[capacity];
    sorted = new double[capacity];
  }

  int size() {
    return size;
  }

  boolean full() {
    return size == ring.length;
  }

  void add(double v) {
    if (size == ring.length) {
      double old = ring[head];
      int i = Arrays.binarySearch(sorted, 0, size, old);
      System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
      size--;
    }
    ring[head] = v;
    head = (head + 1) % ring.length;
    int j = Arrays.binarySearch(sorted, 0, size, v);
    if (j < 0) {
      j = -j - 1;
    }
    System.arraycopy(sorted, j, sorted, j + 1, size - j);
    sorted[j] = v;
    size++;
  }

  double median() {
    int n = size;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The k-th largest value (k = 1 is the maximum); requires 1 <= k <= size. */
  double largest(int k) {
    return sorted[size - k];
  }

  /** Median absolute deviation from {@code center}: merges the two sorted halves of |x - center|. */
  double mad(double center) {
    int n = size;
    if (n == 0) {
      return 0;
    }
    int split = Arrays.binarySearch(sorted, 0, n, center);
    if (split < 0) {
      split = -split - 1;
    }
    int left = split - 1;
    int right = split;
    // the lower and upper middle ranks of the n deviations
    int lo = (n - 1) / 2;
    int hi = n / 2;
    double a = 0;
    double b = 0;
    for (int r = 0; r <= hi; r++) {
      double d;
      if (left < 0) {
        d = sorted[right++] - center;
      } else if (right >= n) {
        d = center - sorted[left--];
      } else if (center - sorted[left] <= sorted[right] - center) {
        d = center - sorted[left--];
      } else {
        d = sorted[right++] - center;
      }
      if (r == lo) {
        a = d;
      }
      if (r == hi) {
        b = d;
      }
    }
    return (a + b) / 2;
  }
}
