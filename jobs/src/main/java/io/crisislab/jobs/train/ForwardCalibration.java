package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The calibration map chosen forward in time ({@link CalibrationMethod#FORWARD}), as a deployed
 * model is recalibrated: the map meets only periods after the posts it was fitted on. The held-out
 * predictions come in time blocks (fold 0 the oldest); block b is calibrated by the map fitted on
 * blocks before b only, and each candidate is judged by the ECE (10 bins) of blocks 1 .. B-1 so
 * calibrated, pooled. The candidates are a map family (Platt, isotonic) times a window of earlier
 * blocks ({@link Window}); the final map of the chosen candidate is fitted with the same window on
 * all B blocks, the newest then being the last held-out block.
 *
 * <p>Why forward, not cross-fitted ({@link Calibrate#crossFittedEce}): there the map of a middle
 * block is fitted on a later block too, and every window looks alike; the test period lies after
 * every held-out block, so only a forward judgement can tell whether the most recent blocks
 * calibrate the next period better than all of them.
 *
 * @param candidates every candidate with its forward ECE and final map, in order of preference on a tie
 * @param chosen the candidate with the lowest forward ECE (the first on a tie)
 * @param blocks B, the number of time blocks
 * @param nScored held-out posts the forward ECE is measured on (blocks 1 .. B-1)
 */
record ForwardCalibration(List<Candidate> candidates, Candidate chosen, int blocks, int nScored) {
  /** Weight of a block one block older than the newest in {@link Window#RECENCY_WEIGHTED}: a half-life of one block. */
  static final double DECAY = 0.5;

  /** Which earlier blocks a map is fitted on, relative to the newest of them. */
  enum Window {
    /** Every earlier block, weight 1 (today's map: all held-out blocks). */
    ALL,
    /** The newest earlier block only. */
    LAST,
    /** Every earlier block, weighted {@value #DECAY}^age (age 0 for the newest). */
    RECENCY_WEIGHTED;

    @Override
    public String toString() {
      return Choices.wire(this);
    }
  }

  /**
   * A candidate: a map family and a window.
   *
   * @param method {@link CalibrationMethod#PLATT} or {@link CalibrationMethod#ISOTONIC}
   * @param window which earlier blocks the map is fitted on
   * @param forwardEce ECE of blocks 1 .. B-1, each calibrated by this candidate's map of the blocks before it
   * @param map the final map: this window over all B blocks
   */
  record Candidate(CalibrationMethod method, Window window, double forwardEce, Calibration map) {
    String describe() {
      return method + ", " + window;
    }
  }

  /** The map families tried, in order of preference on a tie (then the windows in declaration order). */
  static final List<CalibrationMethod> METHODS = List.of(CalibrationMethod.PLATT, CalibrationMethod.ISOTONIC);

  /**
   * Judges every candidate forward on {@code ho} and fits each one's final map.
   *
   * @throws IllegalArgumentException when the held-out predictions are not in two or more blocks
   */
  static ForwardCalibration choose(HeldOut ho) {
    int[] blocks = Arrays.stream(ho.fold()).distinct().sorted().toArray();
    if (blocks.length < 2) {
      throw new IllegalArgumentException("forward calibration needs held-out predictions in two or more time blocks");
    }
    List<Candidate> all = new ArrayList<>();
    for (CalibrationMethod m : METHODS) {
      for (Window w : Window.values()) {
        all.add(new Candidate(m, w, forwardEce(m, w, ho, blocks), fit(m, w, ho, blocks[blocks.length - 1])));
      }
    }
    Candidate best = all.stream().min(Comparator.comparingDouble(Candidate::forwardEce)).orElseThrow();
    int scored = (int) Arrays.stream(ho.fold()).filter(f -> f != blocks[0]).count();
    return new ForwardCalibration(List.copyOf(all), best, blocks.length, scored);
  }

  /** ECE of blocks 1 .. B-1, block b calibrated by the map of {@code method} fitted with {@code window} on the blocks before it. */
  static double forwardEce(CalibrationMethod method, Window window, HeldOut ho, int[] blocks) {
    List<Step> steps = steps(method, window, ho, blocks);
    int[] rows = steps.stream().flatMapToInt(st -> Arrays.stream(st.rows())).toArray();
    double[] q = steps.stream().flatMapToDouble(st -> Arrays.stream(st.rows()).mapToDouble(i -> st.map().apply(ho.p()[i])))
        .toArray();
    return Evaluation.ece(q, Bootstrap.pick(ho.y(), rows), 10);
  }

  /**
   * One step of the forward judgement: a held-out block and what calibrates it, fitted on the blocks
   * before it only.
   *
   * @param number the block's number, 1 for the oldest (so 2 .. B)
   * @param rows its held-out predictions (indices into the {@link HeldOut} arrays)
   * @param earlier the pairs (and weights) of the blocks before it under the window
   * @param map the map of the method fitted on {@code earlier}
   */
  record Step(int number, int[] rows, Fitting earlier, Calibration map) {}

  /** The steps for blocks 1 .. B-1 (in time order) of {@code method} under {@code window}; {@code none} gives identity maps. */
  static List<Step> steps(CalibrationMethod method, Window window, HeldOut ho, int[] blocks) {
    List<Step> out = new ArrayList<>();
    for (int j = 1; j < blocks.length; j++) {
      int b = blocks[j];
      Fitting on = Fitting.of(window, ho, blocks[j - 1]);
      out.add(new Step(j + 1, IntStream.range(0, ho.p().length).filter(i -> ho.fold()[i] == b).toArray(), on,
          Calibrate.map(method, on.p(), on.y(), on.w())));
    }
    return out;
  }

  /** The map of {@code method} fitted on the blocks up to {@code newest}, weighted by {@code window}. */
  static Calibration fit(CalibrationMethod method, Window window, HeldOut ho, int newest) {
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("forward calibration tries platt and isotonic, not " + method);
    }
    Fitting on = Fitting.of(window, ho, newest);
    return Calibrate.map(method, on.p(), on.y(), on.w());
  }

  /**
   * The held-out pairs a map of the blocks up to {@code newest} is fitted on under a window, and
   * their weights.
   *
   * @param p raw probabilities
   * @param y outcomes (negative or not)
   * @param w weights, or null for 1 each ({@link Window#ALL} and {@link Window#LAST})
   */
  record Fitting(double[] p, boolean[] y, double[] w) {
    static Fitting of(Window window, HeldOut ho, int newest) {
      int[] on = IntStream.range(0, ho.p().length).filter(i -> ho.fold()[i] <= newest
          && (window != Window.LAST || ho.fold()[i] == newest)).toArray();
      double[] w = null;
      if (window == Window.RECENCY_WEIGHTED) {
        int[] blocks = Arrays.stream(ho.fold()).filter(f -> f <= newest).distinct().sorted().toArray();
        w = new double[on.length];
        for (int k = 0; k < on.length; k++) {
          int age = blocks.length - 1 - Arrays.binarySearch(blocks, ho.fold()[on[k]]);
          w[k] = Math.pow(DECAY, age);
        }
      }
      return new Fitting(Bootstrap.pick(ho.p(), on), Bootstrap.pick(ho.y(), on), w);
    }
  }
}
