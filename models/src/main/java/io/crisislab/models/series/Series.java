package io.crisislab.models.series;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One volume series on a regular grid of buckets, the Spark-free twin of a {@code series_id} slice
 * of the canonical series dataset ({@link io.crisislab.models.post.SeriesColumns}).
 *
 * <p>Invariants (checked): {@code bucketStart} is strictly increasing in steps of exactly
 * {@code bucketSeconds} (gaps are explicit zero buckets, see {@link Regularise}); counts are finite
 * and non-negative; {@code negativeCount} is null (no labels) or as long as {@code count}.
 * Arrays are shared, not copied: callers must not modify them after construction.
 *
 * @param id series id (for NAB files: the file name, e.g. {@code Twitter_volume_AAPL.csv})
 * @param bucketSeconds bucket width in seconds
 * @param bucketStart UTC epoch seconds of each bucket's start
 * @param count posts per bucket (may be fractional, e.g. an expected count)
 * @param negativeCount negative posts per bucket, or null
 */
public record Series(String id, int bucketSeconds, long[] bucketStart, double[] count, double[] negativeCount)
    implements Serializable {
  public Series {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("series id must not be blank");
    }
    if (bucketSeconds <= 0) {
      throw new IllegalArgumentException(id + ": bucketSeconds must be > 0, got " + bucketSeconds);
    }
    if (bucketStart.length != count.length || (negativeCount != null && negativeCount.length != count.length)) {
      throw new IllegalArgumentException(id + ": bucketStart, count and negativeCount differ in length");
    }
    for (int i = 0; i < count.length; i++) {
      if (i > 0 && bucketStart[i] - bucketStart[i - 1] != bucketSeconds) {
        throw new IllegalArgumentException(id + ": bucket " + i + " is not " + bucketSeconds + " s after the previous one");
      }
      if (!(count[i] >= 0) || Double.isInfinite(count[i])) {
        throw new IllegalArgumentException(id + ": bucket " + i + " has count " + count[i]);
      }
    }
  }

  /** Number of buckets. */
  public int size() {
    return count.length;
  }

  /** The series with {@code values} in place of the counts (same grid, no negatives). */
  public Series withCounts(String newId, double[] values) {
    return new Series(newId, bucketSeconds, bucketStart, values, null);
  }

  /** The negative counts as the series' values ({@code id + "#negative"}); requires labels. */
  public Series negatives() {
    if (negativeCount == null) {
      throw new IllegalStateException(id + " has no negative counts");
    }
    return new Series(id + "#negative", bucketSeconds, bucketStart, negativeCount, null);
  }

  /** Covered time span in hours (buckets × width). */
  public double hours() {
    return size() * (double) bucketSeconds / 3600.0;
  }

  /** Index of the bucket that starts at {@code epochSecond}, or -1. */
  public int indexOf(long epochSecond) {
    if (size() == 0) {
      return -1;
    }
    long off = epochSecond - bucketStart[0];
    if (off < 0 || off % bucketSeconds != 0 || off / bucketSeconds >= size()) {
      return -1;
    }
    return (int) (off / bucketSeconds);
  }

  @Override
  public String toString() {
    return "Series[" + id + ", " + size() + " buckets of " + bucketSeconds + " s"
        + (size() > 0 ? ", " + Timestamps.format(bucketStart[0]) + " .. " + Timestamps.format(bucketStart[size() - 1]) : "")
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s && s.id.equals(id) && s.bucketSeconds == bucketSeconds
        && Arrays.equals(s.bucketStart, bucketStart) && Arrays.equals(s.count, count)
        && Arrays.equals(s.negativeCount, negativeCount);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(count);
  }
}
