package io.crisislab.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class DispersionTailDetectorTest {
  /** Poisson-gamma (negative binomial) counts: mean {@code mean}, gamma shape {@code shape}. */
  static double[] overDispersed(double mean, double shape, int n, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    GammaDistribution g = new GammaDistribution(rng, shape, mean / shape);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double rate = g.sample();
      v[i] = rate <= 0 ? 0 : new PoissonDistribution(rng, rate, 1e-12, 10_000).sample();
    }
    return v;
  }

  static double exceedShare(double[] v, double threshold) {
    double[] s = new DispersionTailDetector(1, 2016, 4, 0, 2, 0, 1).scoreAll(DetectorsTest.times(v.length), v);
    int n = 0;
    int ex = 0;
    for (int i = 2016; i < s.length; i++) {
      n++;
      ex += s[i] >= threshold ? 1 : 0;
    }
    return (double) ex / n;
  }

  @Test
  void oneThresholdMeansOneFalseAlarmRateWhateverTheVolume() {
    // 0.4 and 50 counts a bucket, both over-dispersed: P(score >= 2) should be near 1e-2 on each,
    // while a fixed z-score or a Poisson tail would alert far more on the busy, over-dispersed one
    double quiet = exceedShare(overDispersed(0.4, 2, 40_000, 1), 2);
    double busy = exceedShare(overDispersed(50, 2, 40_000, 2), 2);
    assertTrue(quiet < 0.02 && busy < 0.02, "exceedance at p <= 1e-2: quiet " + quiet + ", busy " + busy);
    assertTrue(busy > 0.002, "busy series never reaches p <= 1e-2: " + busy + " (the model is too wide)");
    assertTrue(Math.abs(Math.log10(quiet / busy)) < 1, "quiet " + quiet + " vs busy " + busy + " differ tenfold");
  }

  @Test
  void catchesAThinnedSurgeOnAQuietSeries() {
    double[] v = overDispersed(0.4, 2, 6048, 3);
    for (int i = 5000; i < 5012; i++) {
      v[i] += 4; // 10x the mean for an hour
    }
    double[] s = new DispersionTailDetector(12, 288, 4, 0, 2, 0, 12).scoreAll(DetectorsTest.times(v.length), v);
    double peak = 0;
    for (int i = 5000; i < 5024; i++) {
      peak = Math.max(peak, s[i]);
    }
    double before = 0;
    for (int i = 600; i < 4900; i++) {
      before = Math.max(before, s[i]);
    }
    assertTrue(peak > before, "surge score " + peak + " not above the quiet weeks' maximum " + before);
  }

  @Test
  void tailMatchesPoissonAndNegativeBinomial() {
    assertEquals(1 - Math.exp(-1) * 2.5, DispersionTailDetector.upperTail(3, 1, 1), 1e-12);
    // mean 2, variance 6: size 1 (geometric), P(X >= 4) = (2/3)^4
    assertEquals(Math.pow(2.0 / 3.0, 4), DispersionTailDetector.upperTail(4, 2, 6), 1e-12);
  }

  @Test
  void relativeScoreAndBadParameters() {
    double[] v = overDispersed(5, 2, 4000, 4);
    double[] s = new DetectorSpec("dispersion-tail", Map.of("span", 3.0, "halfLife", 100.0, "memory", 500.0), 1, 1, 1, 0)
        .newDetector().scoreAll(DetectorsTest.times(v.length), v);
    int above = 0;
    for (int i = 1000; i < s.length; i++) {
      above += s[i] > 1 ? 1 : 0;
    }
    // above 1 = above the second largest of the last 500 buckets: rare by construction
    assertTrue(above > 0 && above < 3000 / 100, "relative scores above 1: " + above);
    assertThrows(IllegalArgumentException.class, () -> new DispersionTailDetector(0, 10, 3, 0, 2, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new DispersionTailDetector(3, 10, 3, 1, 2, 0, 3));
  }
}
