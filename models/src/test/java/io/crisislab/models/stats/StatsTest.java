package io.crisislab.models.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Poisson rate intervals against published exact (Garwood) limits. */
class StatsTest {
  @Test
  void poissonRateMatchesTheExactLimits() {
    // k = 0: [0, 3.689]; k = 1: [0.0253, 5.572]; k = 10: [4.795, 18.39] (Garwood 1936 tables)
    Stats.Estimate zero = Stats.poissonRate(0, 1);
    assertEquals(0, zero.value());
    assertEquals(0, zero.ci95Low());
    assertEquals(3.689, zero.ci95High(), 1e-3);
    Stats.Estimate one = Stats.poissonRate(1, 1);
    assertEquals(0.0253, one.ci95Low(), 1e-4);
    assertEquals(5.572, one.ci95High(), 1e-3);
    Stats.Estimate ten = Stats.poissonRate(10, 2);
    assertEquals(5, ten.value());
    assertEquals(4.795 / 2, ten.ci95Low(), 1e-3);
    assertEquals(18.39 / 2, ten.ci95High(), 1e-2);
  }

  @Test
  void summaryDescribesASampleInOnePass() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sd sqrt(32 / 7); t(7, 0.975) = 2.364624
    Stats.Summary s = Stats.summary(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
    assertEquals(8, s.n());
    assertEquals(5.0, s.mean().value(), 1e-12);
    assertEquals(Math.sqrt(32.0 / 7), s.sd(), 1e-12);
    assertEquals(2.0, s.min(), 0);
    assertEquals(9.0, s.max(), 0);
    double half = 2.364624 * Math.sqrt(32.0 / 7) / Math.sqrt(8);
    assertEquals(5.0 - half, s.mean().ci95Low(), 1e-5);
    assertEquals(5.0 + half, s.mean().ci95High(), 1e-5);
    assertEquals(s.mean(), Stats.mean(new double[] {2, 4, 4, 4, 5, 5, 7, 9}));
    // one value: a mean without an interval or a spread
    Stats.Summary one = Stats.summary(new double[] {3});
    assertEquals(3.0, one.mean().value(), 0);
    assertNull(one.mean().ci95Low());
    assertEquals(Double.NaN, one.sd(), 0);
    assertEquals(0, Stats.summary(new double[0]).n());
  }

  @Test
  void noExposureIsNoEstimate() {
    assertNull(Stats.poissonRate(3, 0).value());
  }
}
