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
  void noExposureIsNoEstimate() {
    assertNull(Stats.poissonRate(3, 0).value());
  }
}
