package io.crisislab.models.detect;

/**
 * Consensus of scale-free tests ("vote"), as NAB's Skyline detector votes: three streaming tests
 * look at the same bucket, each scored {@link Relative} to its own history on this series, and the
 * score is the {@code k}-th largest of the three, so a score above {@code t} means "at least k of
 * the 3 tests find this bucket more than t times as surprising as almost anything in recent
 * memory". The tests fail differently: a robust z against the trailing median/MAD
 * ({@link SurgeDetector}, blind to slow ramps), the negative-binomial tail of a span sum
 * ({@link DispersionTailDetector}, blind to noise shape) and an EWMA z-score over the same span
 * ({@link EwmaDetector}, blind to level shifts it has absorbed); requiring agreement cuts the false
 * alarms any one of them raises alone. Memory and time per bucket O(window + memory).
 */
public final class VoteDetector implements Detector {
  public static final String NAME = "vote";
  private final Detector surge;
  private final Detector tail;
  private final Detector ewma;
  private final Relative tailRel;
  private final Relative ewmaRel;
  private final int k;
  private final double[] votes = new double[3];

  /**
   * @param window buckets of the robust baseline (surge) and of the EWMA memory ({@code alpha = 1/window}), ≥ 4
   * @param span buckets summed by the tail test, ≥ 1
   * @param memory buckets of past scores each test is relative to, ≥ rank
   * @param rank which largest past score is each test's reference
   * @param k tests that must agree, 1..3
   */
  public VoteDetector(int window, int span, int memory, int rank, int k) {
    if (k < 1 || k > 3) {
      throw new IllegalArgumentException("vote k must be 1, 2 or 3, got " + k);
    }
    this.surge = new SurgeDetector(window, memory, rank, 0.1, false, 1);
    this.tail = new DispersionTailDetector(span, window, 4, 0, 1, 0, span);
    this.ewma = new EwmaDetector(1.0 / window, 0.1, true);
    this.tailRel = new Relative(memory, rank);
    this.ewmaRel = new Relative(memory, rank);
    this.k = k;
  }

  @Override
  public double update(long bucketStart, double value) {
    votes[0] = surge.update(bucketStart, value);
    votes[1] = tailRel.apply(tail.update(bucketStart, value));
    votes[2] = ewmaRel.apply(ewma.update(bucketStart, value));
    for (double v : votes) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
    }
    java.util.Arrays.sort(votes);
    return votes[3 - k];
  }

  @Override
  public String name() {
    return NAME;
  }
}
