package io.crisislab.models.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  /** Truth and two classifiers: {@code good} right 80% of the time, {@code bad} 60%, errors independent. */
  private static final int N = 2000;
  private static final int[] TRUTH = new int[N];
  private static final int[] GOOD = new int[N];
  private static final int[] BAD = new int[N];

  static {
    MersenneTwister r = new MersenneTwister(7);
    for (int i = 0; i < N; i++) {
      TRUTH[i] = r.nextInt(3);
      GOOD[i] = r.nextDouble() < 0.8 ? TRUTH[i] : (TRUTH[i] + 1 + r.nextInt(2)) % 3;
      BAD[i] = r.nextDouble() < 0.6 ? TRUTH[i] : (TRUTH[i] + 1 + r.nextInt(2)) % 3;
    }
  }

  @Test
  void intervalHoldsTheFullSampleStatisticAndIsReproducible() {
    Bootstrap.Statistic s = Bootstrap.macroRecall(TRUTH, GOOD, 3);
    Stats.Estimate e = Bootstrap.interval(N, s, 500, 11);
    long[][] m = Evaluation.confusion(TRUTH, GOOD, 3);
    assertEquals(Evaluation.macro(Evaluation.recalls(m), m), e.value(), 1e-12);
    assertTrue(e.covers(e.value()));
    // binomial standard error sqrt(0.8 * 0.2 / 2000) = 0.0089: the 95% interval is about +-0.0175
    double half = (e.ci95High() - e.ci95Low()) / 2;
    assertTrue(half > 0.012 && half < 0.025, "half width " + half);
    assertEquals(e, Bootstrap.interval(N, s, 500, 11), "same seed, same interval");
    assertFalse(e.equals(Bootstrap.interval(N, s, 500, 12)), "another seed draws other resamples");
  }

  @Test
  void quantilesAreOfTheResamplesPairedDraws() {
    Bootstrap.Statistic good = Bootstrap.macroRecall(TRUTH, GOOD, 3);
    Bootstrap.Statistic bad = Bootstrap.macroRecall(TRUTH, BAD, 3);
    Stats.Estimate e = Bootstrap.interval(N, good, 300, 5);
    double[] low = Bootstrap.quantiles(N, rows -> new double[] {good.of(rows), bad.of(rows)}, 0.025, 300, 5);
    assertEquals(e.ci95Low(), low[0], 0.0, "same seed: the resamples of interval and paired");
    assertTrue(low[1] < low[0] - 0.1, "each statistic gets its own quantile");
    double[] median = Bootstrap.quantiles(N, rows -> new double[] {good.of(rows)}, 0.5, 300, 5);
    assertTrue(median[0] > e.ci95Low() && median[0] < e.ci95High());
    double[] none = Bootstrap.quantiles(N, rows -> new double[] {Double.NaN}, 0.5, 20, 5);
    assertTrue(Double.isNaN(none[0]), "no finite value: NaN");
  }

  @Test
  void pairedDifferenceSeparatesABetterModelAndNotAnEqualOne() {
    Stats.Estimate better = Bootstrap.paired(N, Bootstrap.macroRecall(TRUTH, BAD, 3),
        Bootstrap.macroRecall(TRUTH, GOOD, 3), 500, 3);
    assertEquals(0.2, better.value(), 0.04);
    assertTrue(better.excludesZero() && better.ci95Low() > 0, better.toString());

    Stats.Estimate same = Bootstrap.paired(N, Bootstrap.macroRecall(TRUTH, GOOD, 3),
        Bootstrap.macroRecall(TRUTH, GOOD, 3), 500, 3);
    assertEquals(new Stats.Estimate(0.0, 0.0, 0.0), same, "identical predictions differ by exactly 0 on every resample");

    // a second classifier as good as GOOD but with its own errors: the interval must hold 0
    MersenneTwister r = new MersenneTwister(99);
    int[] twin = new int[N];
    for (int i = 0; i < N; i++) {
      twin[i] = r.nextDouble() < 0.8 ? TRUTH[i] : (TRUTH[i] + 1 + r.nextInt(2)) % 3;
    }
    Stats.Estimate tie = Bootstrap.paired(N, Bootstrap.macroRecall(TRUTH, GOOD, 3), Bootstrap.macroRecall(TRUTH, twin, 3),
        500, 3);
    assertTrue(tie.covers(0.0), tie.toString());
  }

  @Test
  void aucAndEceStatisticsMatchEvaluationAndTinySamplesHaveNoInterval() {
    double[] p = new double[N];
    boolean[] y = new boolean[N];
    MersenneTwister r = new MersenneTwister(5);
    for (int i = 0; i < N; i++) {
      y[i] = r.nextBoolean();
      p[i] = Math.min(1, Math.max(0, (y[i] ? 0.65 : 0.35) + 0.25 * r.nextGaussian()));
    }
    int[] all = new int[N];
    Arrays.setAll(all, i -> i);
    assertEquals(Evaluation.aucRoc(p, y), Bootstrap.aucRoc(p, y).of(all), 1e-12);
    assertEquals(Evaluation.ece(p, y, 10), Bootstrap.ece(p, y).of(all), 1e-12);
    Stats.Estimate auc = Bootstrap.interval(N, Bootstrap.aucRoc(p, y), 200, 1);
    assertTrue(auc.ci95Low() < auc.value() && auc.value() < auc.ci95High());
    assertNull(Bootstrap.interval(1, Bootstrap.ece(p, y), 200, 1).ci95Low());
  }

  @Test
  void aucStatisticEqualsEvaluationOnResamplesWithTiesToTheLastBit() {
    MersenneTwister r = new MersenneTwister(17);
    int n = 3000;
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.3;
      // scores on a 0.05 grid: long runs of ties; a few -0.0 that must tie 0.0
      p[i] = Math.rint(Math.min(1, Math.max(0, (y[i] ? 0.6 : 0.4) + 0.3 * r.nextGaussian())) * 20) / 20;
      if (p[i] == 0.0 && r.nextBoolean()) {
        p[i] = -0.0;
      }
    }
    Bootstrap.Statistic auc = Bootstrap.aucRoc(p, y);
    for (int k = 0; k < 50; k++) {
      int[] rows = new int[1 + r.nextInt(n)];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = r.nextInt(n);
      }
      double[] rp = new double[rows.length];
      boolean[] ry = new boolean[rows.length];
      for (int i = 0; i < rows.length; i++) {
        rp[i] = p[rows[i]];
        ry[i] = y[rows[i]];
      }
      assertEquals(Evaluation.aucRoc(rp, ry), auc.of(rows), 0.0, "resample " + k);
    }
    assertTrue(Double.isNaN(auc.of(new int[] {0})), "one row: one class absent");
  }

  @Test
  void intervalsDoNotDependOnTheNumberOfThreads() throws Exception {
    Bootstrap.Statistic s = Bootstrap.macroRecall(TRUTH, GOOD, 3);
    Stats.Estimate one = new ForkJoinPool(1).submit(() -> Bootstrap.interval(N, s, 300, 5)).get();
    Stats.Estimate four = new ForkJoinPool(4).submit(() -> Bootstrap.interval(N, s, 300, 5)).get();
    assertEquals(one, four);
    assertEquals(one, Bootstrap.interval(N, s, 300, 5));
  }
}
