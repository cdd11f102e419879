package io.crisislab.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.train.ForwardCalibration.Window;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.CalibrationFit;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The prior-shift adjustment judged forward on held-out time blocks (no Spark). */
class PriorShiftCheckTest {
  /**
   * Held-out predictions in ascending p order, {@code perBlock} posts in each of the time blocks,
   * block b with a share {@code priors[b]} of negatives; a post's score x ~ N(+1, 1) if negative,
   * N(−1, 1) otherwise, and its raw p = σ(2x), so only the prior moves between blocks (label shift).
   */
  static HeldOut labelShift(int perBlock, double[] priors, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = perBlock * priors.length;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      int b = i / perBlock;
      boolean neg = r.nextDouble() < priors[b];
      double x = (neg ? 1 : -1) + r.nextGaussian();
      rows[i] = new double[] {1 / (1 + Math.exp(-2 * x)), neg ? 1 : 0, b};
    }
    Arrays.sort(rows, Comparator.comparingDouble(a -> a[0]));
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = rows[i][0];
      y[i] = rows[i][1] == 1;
      fold[i] = (int) rows[i][2];
    }
    return new HeldOut(p, y, new int[n], new int[n], new String[n], new double[n][], fold);
  }

  @Test
  void adoptedWhenOnlyThePriorMoves() {
    HeldOut ho = labelShift(4_000, new double[] {0.45, 0.6, 0.75}, 11);
    Calibration map = CalibrationFit.platt(ho.p(), ho.y());
    PriorShiftCheck k = PriorShiftCheck.judge(ho, map, Window.ALL);
    // the static half is the forward ECE of the same map family and window
    assertEquals(ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.ALL, ho, new int[] {0, 1, 2}),
        k.staticEce(), 1e-15);
    assertTrue(k.adopted());
    assertTrue(k.adjustedEce() < k.staticEce() / 2, k.adjustedEce() + " vs " + k.staticEce());
    assertEquals(2, k.blocks().size());
    assertEquals(8_000, k.nScored());
    for (PriorShiftCheck.Block b : k.blocks()) {
      assertEquals(4_000, b.n());
      assertEquals(b.observedShare(), b.estimatedPrior(), 0.03, b.toString());
      assertTrue(b.trainPrior() < b.observedShare() - 0.05, "the earlier blocks' prior lags: " + b);
    }
    // the final map's prior: its mean calibrated probability over every held-out post
    double mean = Arrays.stream(ho.p()).map(map::apply).average().orElseThrow();
    assertEquals(mean, k.shift().trainPrior(), 1e-12);
  }

  @Test
  void notAdoptedWhenNothingMoves() {
    // one prior throughout: EM can only add noise to the forward ECE, and a tie is not adopted
    HeldOut ho = labelShift(3_000, new double[] {0.6, 0.6, 0.6}, 5);
    PriorShiftCheck k = PriorShiftCheck.judge(ho, CalibrationFit.isotonic(ho.p(), ho.y()), Window.LAST);
    assertEquals(k.adjustedEce() < k.staticEce(), k.adopted());
    for (PriorShiftCheck.Block b : k.blocks()) {
      assertEquals(0.6, b.estimatedPrior(), 0.03, b.toString());
    }
  }

  @Test
  void needsTimeBlocks() {
    HeldOut one = new HeldOut(new double[] {0.2, 0.8}, new boolean[] {false, true}, new int[2], new int[2],
        new String[2], new double[2][], new int[2]);
    assertThrows(IllegalArgumentException.class, () -> PriorShiftCheck.judge(one, Calibration.none(), Window.ALL));
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.PRIOR_SHIFT, true).with(TrainJob.VAL_POSTS, Path.of("val")).build());
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.PRIOR_SHIFT, true).with(TrainJob.FOLDS_BY, FoldsBy.RANDOM).build());
    assertTrue(TrainJob.Config.defaults(Path.of("posts")).with(TrainJob.PRIOR_SHIFT, true).build().priorShift());
  }
}
