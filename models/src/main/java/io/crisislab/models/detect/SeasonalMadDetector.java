package io.crisislab.models.detect;

/**
 * Seasonal robust z-score: {@code (x - median) / (1.4826 MAD)} against the same hour of the week
 * (or another slot and season) over its last {@code samples} values; see {@link SeasonalBaseline}.
 * Memory O(season/slot × samples); a past incident moves a median far less than a mean.
 */
public final class SeasonalMadDetector implements Detector {
  public static final String NAME = "seasonal-mad";
  private final SeasonalBaseline baseline;
  private final Noise noise;

  /**
   * @param slotSeconds slot width (3600 = hour)
   * @param seasonSeconds season length (604800 = week), a multiple of the slot
   * @param samples values kept per slot
   * @param minSamples values needed before scoring
   * @param trailing if > 0, use the previous {@code trailing} buckets instead of the season
   */
  public SeasonalMadDetector(long slotSeconds, long seasonSeconds, int samples, int minSamples, int trailing,
      double minSd, boolean poisson) {
    this.noise = new Noise(NAME, minSd, poisson);
    this.baseline = new SeasonalBaseline(slotSeconds, seasonSeconds, samples, minSamples, trailing);
  }

  @Override
  public double update(long bucketStart, double value) {
    double score = Double.NaN;
    if (baseline.prepare(bucketStart)) {
      double c = baseline.center();
      score = (value - c) / noise.floor(1.4826 * baseline.mad(), c);
    }
    baseline.add(value);
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
