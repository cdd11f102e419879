package io.crisislab.jobs.train;

import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.PriorShift;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The prior-shift adjustment ({@link PriorShift}, {@code --prior-shift}) judged forward in time on
 * the held-out blocks, the way {@link ForwardCalibration} judges maps: block b (b ≥ 1, fold 0 the
 * oldest) is calibrated by the chosen map family fitted with the chosen window on the blocks before
 * it, and scored as is (static) and adjusted to the prior EM estimates from its own calibrated
 * probabilities, without its labels. The adjustment is adopted for the test period when it lowers
 * the pooled forward ECE (10 bins); the rule was fixed before its first test figure was seen
 * (docs/train.md, issue 19's tenth part).
 *
 * @param staticEce ECE of blocks 1 .. B-1, each calibrated by the map of the blocks before it
 * @param adjustedEce the same probabilities, each block adjusted to its own EM prior
 * @param blocks each scored block's priors
 * @param adopted whether {@code adjustedEce < staticEce}
 * @param shift the final map's training prior (the chosen map over every held-out block, with the window)
 * @param nScored held-out posts in blocks 1 .. B-1
 */
record PriorShiftCheck(double staticEce, double adjustedEce, List<Block> blocks, boolean adopted, PriorShift shift,
    int nScored) {
  /**
   * One scored block; written to {@code metrics.json} as is ({@code calibration.priorShift.blocks}).
   *
   * @param block its number, 1 for the oldest time block (so 2 .. B here)
   * @param n posts in it
   * @param trainPrior prior of the map of the blocks before it
   * @param estimatedPrior EM prior from its calibrated probabilities
   * @param observedShare its share of negative posts (reported, not used)
   * @param emIterations EM steps taken
   */
  record Block(int block, int n, double trainPrior, double estimatedPrior, double observedShare, int emIterations) {}

  /**
   * Judges the adjustment for the chosen {@code map} (its family refitted block by block) under
   * {@code window} ({@link ForwardCalibration.Window#ALL} unless {@code --calibration forward} chose another).
   *
   * @throws IllegalArgumentException when the held-out predictions are not in two or more blocks
   */
  static PriorShiftCheck judge(HeldOut ho, Calibration map, ForwardCalibration.Window window) {
    int[] folds = Arrays.stream(ho.fold()).distinct().sorted().toArray();
    if (folds.length < 2) {
      throw new IllegalArgumentException("--prior-shift needs held-out predictions in two or more time blocks");
    }
    CalibrationMethod family = CalibrationMethod.valueOf(map.method().toUpperCase(Locale.ROOT));
    List<Block> blocks = new ArrayList<>();
    List<double[]> fixed = new ArrayList<>();
    List<double[]> adjusted = new ArrayList<>();
    List<boolean[]> truth = new ArrayList<>();
    for (ForwardCalibration.Step st : ForwardCalibration.steps(family, window, ho, folds)) {
      PriorShift earlierPrior = PriorShift.fittedOn(Arrays.stream(st.earlier().p()).map(st.map()::apply).toArray(),
          st.earlier().w());
      double[] q = Arrays.stream(st.rows()).mapToDouble(i -> st.map().apply(ho.p()[i])).toArray();
      boolean[] blockY = Bootstrap.pick(ho.y(), st.rows());
      PriorShift.Estimate e = earlierPrior.estimate(q);
      fixed.add(q);
      adjusted.add(Arrays.stream(q).map(v -> earlierPrior.adjust(v, e.prior())).toArray());
      truth.add(blockY);
      blocks.add(new Block(st.number(), st.rows().length, earlierPrior.trainPrior(), e.prior(), Metrics.share(blockY),
          e.iterations()));
    }
    boolean[] y = concat(truth);
    double staticEce = Evaluation.ece(concatDoubles(fixed), y, 10);
    double adjustedEce = Evaluation.ece(concatDoubles(adjusted), y, 10);
    ForwardCalibration.Fitting all = ForwardCalibration.Fitting.of(window, ho, folds[folds.length - 1]);
    PriorShift shift = PriorShift.fittedOn(Arrays.stream(all.p()).map(map::apply).toArray(), all.w());
    return new PriorShiftCheck(staticEce, adjustedEce, List.copyOf(blocks), adjustedEce < staticEce, shift, y.length);
  }

  private static double[] concatDoubles(List<double[]> parts) {
    return parts.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  private static boolean[] concat(List<boolean[]> parts) {
    boolean[] out = new boolean[parts.stream().mapToInt(a -> a.length).sum()];
    int k = 0;
    for (boolean[] a : parts) {
      System.arraycopy(a, 0, out, k, a.length);
      k += a.length;
    }
    return out;
  }
}
