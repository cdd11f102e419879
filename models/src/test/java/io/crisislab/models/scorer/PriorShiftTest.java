package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.stats.Evaluation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Label-shift adjustment and the EM estimate of a period's prior, on seeded binormal scores. */
class PriorShiftTest {
  /**
   * n posts of a period with prior {@code prior}; each score x ~ N(+1, 1) for a negative, N(−1, 1)
   * otherwise, so the probability calibrated under prior π0 is σ(logit π0 + 2x) (the likelihood
   * ratio's log is 2x). Returns the calibrated probabilities in [0] and the labels (1 = negative) in [1].
   */
  private static double[][] period(int n, double prior, double pi0, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] q = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean neg = rnd.nextDouble() < prior;
      double x = (neg ? 1 : -1) + rnd.nextGaussian();
      q[i] = 1 / (1 + Math.exp(-(Calibration.logit(pi0) + 2 * x)));
      y[i] = neg ? 1 : 0;
    }
    return new double[][] {q, y};
  }

  private static boolean[] labels(double[] y) {
    boolean[] b = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      b[i] = y[i] == 1;
    }
    return b;
  }

  private static double mean(double[] y) {
    double s = 0;
    for (double v : y) {
      s += v;
    }
    return s / y.length;
  }

  @Test
  void adjustIsBayesRuleWithTheTwoPriors() {
    PriorShift s = new PriorShift(0.4);
    // (0.7 / 0.4 · 0.3) / (0.7 / 0.4 · 0.3 + 0.3 / 0.6 · 0.7) = 0.525 / 0.875
    assertEquals(0.6, s.adjust(0.3, 0.7), 1e-12);
    assertEquals(0.3, s.adjust(0.3, 0.4), 1e-15, "the training prior: no change");
    assertTrue(s.adjust(0.2, 0.7) < s.adjust(0.21, 0.7), "order kept (AUC does not move)");
  }

  @Test
  void emRecoversAShiftedPriorAndRecalibrates() {
    double pi0 = 0.4;
    double[][] d = period(20_000, 0.75, pi0, 17);
    PriorShift s = new PriorShift(pi0);
    PriorShift.Estimate e = s.estimate(d[0]);
    assertTrue(e.converged());
    // the sample's own share is what a perfect estimate returns; EM's error at n = 20,000 is ~0.005
    assertEquals(mean(d[1]), e.prior(), 0.015);
    boolean[] y = labels(d[1]);
    double before = Evaluation.ece(d[0], y, 10);
    double after = Evaluation.ece(s.adapt(d[0]), y, 10);
    assertTrue(before > 0.1, "calibrated for 0.4, scored on a 0.75 period: " + before);
    assertTrue(after < 0.02, "adjusted to the EM prior: " + after);
  }

  @Test
  void theTrainingPeriodItselfGivesNoShift() {
    double[][] d = period(5_000, 0.4, 0.4, 3);
    PriorShift s = PriorShift.fittedOn(d[0], null);
    assertEquals(mean(d[0]), s.trainPrior(), 1e-15);
    PriorShift.Estimate e = s.estimate(d[0]);
    assertEquals(s.trainPrior(), e.prior(), 1e-12);
    assertTrue(e.iterations() <= 2, "already at the fixed point: " + e.iterations());
  }

  @Test
  void fittedOnWeighsEachProbability() {
    PriorShift s = PriorShift.fittedOn(new double[] {0.2, 0.8}, new double[] {3, 1});
    assertEquals((3 * 0.2 + 0.8) / 4, s.trainPrior(), 1e-15);
  }

  @Test
  void badInputFailsFast() {
    assertThrows(IllegalArgumentException.class, () -> new PriorShift(0));
    assertThrows(IllegalArgumentException.class, () -> new PriorShift(1));
    assertThrows(IllegalArgumentException.class, () -> new PriorShift(Double.NaN));
    PriorShift s = new PriorShift(0.5);
    assertThrows(IllegalArgumentException.class, () -> s.estimate(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> s.estimate(new double[] {0.5, 1.5}));
    assertThrows(IllegalArgumentException.class, () -> PriorShift.fittedOn(new double[] {0.5}, new double[] {-1}));
    assertThrows(IllegalArgumentException.class, () -> PriorShift.fittedOn(new double[] {0.5}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> PriorShift.fittedOn(new double[] {0.5, 0.2}, new double[] {1}));
  }
}
