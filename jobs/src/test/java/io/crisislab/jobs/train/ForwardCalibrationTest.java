package io.crisislab.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.train.ForwardCalibration.Window;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.CalibrationFit;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The calibration chosen forward in time (no Spark): each time block judged by the maps of the blocks before it. */
class ForwardCalibrationTest {
  /**
   * Held-out predictions in ascending p order, in three time blocks (fold = time block, mixed in p
   * order as out-of-fold predictions are); the truth drifts by {@code drift} in log-odds per block.
   */
  private static HeldOut drifting(int n, double drift, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = IntStream.range(0, n).mapToDouble(i -> 0.02 + 0.96 * r.nextDouble()).sorted().toArray();
    boolean[] y = new boolean[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[i] = r.nextInt(3);
      double z = Calibration.logit(p[i]) + drift * (fold[i] - 1);
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z));
    }
    return new HeldOut(p, y, new int[n], new int[n], new String[n], new double[n][], fold);
  }

  private static int[] rows(HeldOut ho, int... blocks) {
    return IntStream.range(0, ho.p().length).filter(i -> Arrays.stream(blocks).anyMatch(b -> b == ho.fold()[i])).toArray();
  }

  private static Calibration platt(HeldOut ho, int[] on, double[] w) {
    return CalibrationFit.platt(Bootstrap.pick(ho.p(), on), Bootstrap.pick(ho.y(), on), w);
  }

  /** Blocks 1 and 2, calibrated by the given maps, pooled in block order: the forward ECE by hand. */
  private static double byHand(HeldOut ho, Calibration forBlock1, Calibration forBlock2) {
    int[] b1 = rows(ho, 1);
    int[] b2 = rows(ho, 2);
    double[] q = new double[b1.length + b2.length];
    boolean[] y = new boolean[q.length];
    for (int k = 0; k < b1.length; k++) {
      q[k] = forBlock1.apply(ho.p()[b1[k]]);
      y[k] = ho.y()[b1[k]];
    }
    for (int k = 0; k < b2.length; k++) {
      q[b1.length + k] = forBlock2.apply(ho.p()[b2[k]]);
      y[b1.length + k] = ho.y()[b2[k]];
    }
    return Evaluation.ece(q, y, 10);
  }

  @Test
  void eachBlockIsJudgedByTheMapOfTheBlocksBeforeIt() {
    HeldOut ho = drifting(1500, 0.8, 1);
    int[] blocks = {0, 1, 2};
    Calibration fromBlock0 = platt(ho, rows(ho, 0), null);
    assertEquals(byHand(ho, fromBlock0, platt(ho, rows(ho, 0, 1), null)),
        ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.ALL, ho, blocks), 0.0);
    assertEquals(byHand(ho, fromBlock0, platt(ho, rows(ho, 1), null)),
        ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.LAST, ho, blocks), 0.0);
    int[] on01 = rows(ho, 0, 1);
    double[] w = Arrays.stream(on01).mapToDouble(i -> ho.fold()[i] == 1 ? 1 : 0.5).toArray();
    assertEquals(byHand(ho, fromBlock0, platt(ho, on01, w)),
        ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.RECENCY_WEIGHTED, ho, blocks), 0.0);
  }

  @Test
  void theFinalMapUsesTheWindowOverEveryBlock() {
    HeldOut ho = drifting(1500, 0.8, 2);
    assertEquals(CalibrationFit.platt(ho.p(), ho.y()), ForwardCalibration.fit(CalibrationMethod.PLATT, Window.ALL, ho, 2),
        "all blocks, weight 1: today's map");
    assertEquals(platt(ho, rows(ho, 2), null), ForwardCalibration.fit(CalibrationMethod.PLATT, Window.LAST, ho, 2));
    double[] w = IntStream.range(0, ho.p().length).mapToDouble(i -> Math.pow(0.5, 2 - ho.fold()[i])).toArray();
    Calibration iso = ForwardCalibration.fit(CalibrationMethod.ISOTONIC, Window.RECENCY_WEIGHTED, ho, 2);
    assertEquals(CalibrationFit.isotonic(ho.p(), ho.y(), w), iso);
  }

  /** Under a steady drift the most recent blocks calibrate the next one better than all of them, and the choice says so. */
  @Test
  void underDriftTheRecentBlocksWin() {
    HeldOut ho = drifting(6000, 1.0, 3);
    ForwardCalibration f = ForwardCalibration.choose(ho);
    assertEquals(6, f.candidates().size());
    assertEquals(3, f.blocks());
    assertEquals(rows(ho, 1, 2).length, f.nScored());
    double all = ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.ALL, ho, new int[] {0, 1, 2});
    double last = ForwardCalibration.forwardEce(CalibrationMethod.PLATT, Window.LAST, ho, new int[] {0, 1, 2});
    assertTrue(last < all, "last " + last + " vs all " + all);
    assertNotEquals(Window.ALL, f.chosen().window(), f.chosen().describe());
    assertTrue(f.candidates().stream().allMatch(k -> k.forwardEce() >= f.chosen().forwardEce()));
  }

  @Test
  void forwardNeedsTimeBlocks() {
    HeldOut one = new HeldOut(new double[] {0.2, 0.8}, new boolean[] {false, true}, new int[2], new int[2],
        new String[2], new double[2][], new int[2]);
    assertThrows(IllegalArgumentException.class, () -> ForwardCalibration.choose(one));
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.CALIBRATION, CalibrationMethod.FORWARD).with(TrainJob.VAL_POSTS, Path.of("val")).build());
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.CALIBRATION, CalibrationMethod.FORWARD).with(TrainJob.FOLDS_BY, FoldsBy.RANDOM).build());
    TrainJob.Config.defaults(Path.of("posts")).with(TrainJob.CALIBRATION, CalibrationMethod.FORWARD).build();
  }
}
