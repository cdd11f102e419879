package io.crisislab.models.detect;

/**
 * Robust expectation of a bucket: either the median and MAD of the same slot of the season
 * (hour-of-week by default: slot 3600 s, season 604800 s), over its last {@code samples} values, or,
 * when {@code trailing > 0}, of the previous {@code trailing} buckets. Medians make the baseline
 * robust to past incidents. Call {@link #center()}/{@link #mad()} after {@link #prepare} and before
 * {@link #add}.
 */
final class SeasonalBaseline {
  private final long slotSeconds;
  private final long seasonSeconds;
  private final int minSamples;
  private final SortedWindow[] slots;
  private final SortedWindow trailing;
  private SortedWindow current;
  private double center = Double.NaN;
  private double mad = Double.NaN;

  SeasonalBaseline(long slotSeconds, long seasonSeconds, int samples, int minSamples, int trailing) {
    if (trailing > 0) {
      this.trailing = new SortedWindow(trailing);
      this.slots = null;
    } else {
      if (slotSeconds <= 0 || seasonSeconds <= 0 || seasonSeconds % slotSeconds != 0) {
        throw new IllegalArgumentException("season (" + seasonSeconds + " s) must be a positive multiple of the slot ("
            + slotSeconds + " s)");
      }
      if (samples < 1) {
        throw new IllegalArgumentException("samples per slot must be >= 1, got " + samples);
      }
      this.trailing = null;
      this.slots = new SortedWindow[(int) (seasonSeconds / slotSeconds)];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new SortedWindow(samples);
      }
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
    }
    this.slotSeconds = slotSeconds;
    this.seasonSeconds = seasonSeconds;
    this.minSamples = minSamples;
  }

  /** Selects the baseline of the bucket starting at {@code t}; false while it has too few samples. */
  boolean prepare(long t) {
    current = trailing != null ? trailing : slots[(int) (Math.floorMod(t, seasonSeconds) / slotSeconds)];
    if (current.size() < minSamples) {
      center = Double.NaN;
      mad = Double.NaN;
      return false;
    }
    center = current.median();
    mad = current.mad(center);
    return true;
  }

  double center() {
    return center;
  }

  double mad() {
    return mad;
  }

  /** Adds the bucket's value to the baseline selected by {@link #prepare}. */
  void add(double v) {
    current.add(v);
  }
}
