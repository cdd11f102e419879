package io.crisislab.models.detect;

/**
 * CrisisLab's stronger detector ("relative surprise"): a robust z-score of the bucket against the
 * median and MAD of the previous {@code window} buckets, divided by the {@code rank}-th largest
 * z-score seen in the previous {@code memory} buckets (floored at {@code minRef}). A score above 1
 * means "more surprising than almost anything in recent memory": the detector calibrates itself to
 * each series' own burstiness, so one threshold transfers between busy and quiet series and
 * between series with different noise, and a burst that merely repeats last week's level stops
 * alerting. Memory O(window + memory); time per bucket O(window + memory) element moves.
 */
public final class SurgeDetector implements Detector {
  public static final String NAME = "surge";
  private final SortedWindow recent;
  private final SortedWindow past;
  private final int minRecent;
  private final int minPast;
  private final int rank;
  private final Noise noise;
  private final double minRef;

  /**
   * @param window buckets in the robust baseline, ≥ 4
   * @param memory buckets of past z-scores the surprise is measured against, ≥ rank
   * @param rank which largest past z-score is the reference (1 = the maximum)
   * @param minSd smallest spread divided by (counts), ≥ 0
   * @param poisson whether the Poisson floor applies to the spread
   * @param minRef smallest reference z-score, > 0
   */
  public SurgeDetector(int window, int memory, int rank, double minSd, boolean poisson, double minRef) {
    if (window < 4) {
      throw new IllegalArgumentException("surge window must be >= 4 buckets, got " + window);
    }
    if (rank < 1 || memory < rank) {
      throw new IllegalArgumentException("surge needs 1 <= rank <= memory, got rank=" + rank + " memory=" + memory);
    }
    if (!(minRef > 0)) {
      throw new IllegalArgumentException("surge minRef must be > 0, got " + minRef);
    }
    this.recent = new SortedWindow(window);
    this.past = new SortedWindow(memory);
    this.minRecent = Math.max(2, window / 4);
    this.minPast = Math.max(rank, memory / 4);
    this.rank = rank;
    this.noise = new Noise(NAME, minSd, poisson);
    this.minRef = minRef;
  }

  @Override
  public double update(long bucketStart, double value) {
    double z = Double.NaN;
    if (recent.size() >= minRecent) {
      double c = recent.median();
      z = (value - c) / noise.floor(1.4826 * recent.mad(c), c);
    }
    double score = Double.NaN;
    if (!Double.isNaN(z) && past.size() >= minPast) {
      score = z / Math.max(past.largest(rank), minRef);
    }
    recent.add(value);
    past.add(Double.isNaN(z) ? 0 : z);
    return score;
  }

  @Override
  public String name() {
    return NAME;
  }
}
