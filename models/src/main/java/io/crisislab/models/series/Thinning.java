package io.crisislab.models.series;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Binomial thinning: keeps each counted post independently with probability {@code q}, turning a
 * busy series into a quiet one with the same shape (the "small brand" copy of a big one).
 */
public final class Thinning {
  private Thinning() {}

  /**
   * A thinned copy of {@code series}; counts are rounded to whole
   * posts first. Deterministic for a given generator state.
   */
  public static Series thin(Series series, double q, RandomGenerator rng) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("thinning probability must be in (0, 1], got " + q);
    }
    double[] out = new double[series.size()];
    for (int i = 0; i < out.length; i++) {
      int n = (int) Math.round(series.count()[i]);
      out[i] = n == 0 || q == 1 ? n : new BinomialDistribution(rng, n, q).sample();
    }
    return series.withCounts(series.id(), out);
  }
}
