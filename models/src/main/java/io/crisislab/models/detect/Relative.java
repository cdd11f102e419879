package io.crisislab.models.detect;

/**
 * Makes a score relative to the series' own history: the score divided by the {@code rank}-th
 * largest score of the previous {@code memory} buckets (floored at 1). Above 1 means "more
 * surprising than almost anything in recent memory", whatever the scale of the raw score, so one
 * threshold means the same on any series. NaN until {@code max(rank, memory/4)} scores are known.
 * Memory O(memory); O(memory) element moves a bucket.
 */
final class Relative {
  private final SortedWindow past;
  private final int rank;
  private final int minPast;

  Relative(int memory, int rank) {
    if (rank < 1 || memory < rank) {
      throw new IllegalArgumentException("relative score needs 1 <= rank <= memory, got rank=" + rank + " memory=" + memory);
    }
    this.past = new SortedWindow(memory);
    this.rank = rank;
    this.minPast = Math.max(rank, memory / 4);
  }

  /** The relative score of {@code raw} (NaN while warming up); then remembers {@code raw} (NaN as 0). */
  double apply(double raw) {
    double out = Double.isNaN(raw) || past.size() < minPast ? Double.NaN : raw / Math.max(past.largest(rank), 1);
    past.add(Double.isNaN(raw) ? 0 : raw);
    return out;
  }
}
