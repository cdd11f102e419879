package io.crisislab.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class RateCusumDetectorTest {
  private static double[] score(double[] v) {
    return new RateCusumDetector(12, 288, 3, 4, 0.1).scoreAll(DetectorsTest.times(v.length), v);
  }

  /** Each post kept with probability q (binomial thinning), seeded. */
  private static double[] thin(double[] v, double q, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] == 0 ? 0 : new BinomialDistribution(rng, (int) v[i], q).sample();
    }
    return out;
  }

  private static double max(double[] s, int from, int to) {
    double m = 0;
    for (int i = from; i < to; i++) {
      m = Math.max(m, s[i]);
    }
    return m;
  }

  @Test
  void aThinnedSurgeReachesTheSameThresholdLater() {
    double[] busy = DispersionTailDetectorTest.overDispersed(25, 2, 6048, 5);
    for (int i = 5000; i < 5072; i++) {
      busy[i] = Math.rint(busy[i] * 3); // three times the volume for six hours
    }
    double[] quiet = thin(busy, 0.03, 6);
    for (double[] v : new double[][] {busy, quiet}) {
      double[] s = score(v);
      double before = max(s, 600, 4990);
      double during = max(s, 5000, 5072);
      assertTrue(during >= 15, "surge evidence " + during + " nats");
      assertTrue(before < 15, "largest evidence before the surge " + before + " nats");
    }
  }

  @Test
  void evidenceDriftsDownOnTheBaseline() {
    double[] v = DispersionTailDetectorTest.overDispersed(0.8, 2, 20_000, 7);
    double[] s = score(v);
    int over = 0;
    for (int i = 300; i < s.length; i++) {
      over += s[i] >= 10 ? 1 : 0;
    }
    // bursty noise (gamma shape 2) at 0.8 posts a bucket: 10 nats stays a rare excursion
    assertTrue(over < 20, over + " buckets of " + s.length + " with 10 nats of evidence without a surge");
    assertTrue(max(s, 300, s.length) < 15, "15 nats without a surge: " + max(s, 300, s.length));
  }

  @Test
  void registryBuildsItAndRejectsBadParameters() {
    Detector d = Detectors.create("rate-cusum", Map.of("span", 6.0, "halfLife", 100.0, "ratio", 2.0));
    assertEquals("rate-cusum", d.name());
    assertThrows(IllegalArgumentException.class, () -> new RateCusumDetector(12, 288, 1, 4, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new RateCusumDetector(0, 288, 2, 4, 0.1));
  }
}
