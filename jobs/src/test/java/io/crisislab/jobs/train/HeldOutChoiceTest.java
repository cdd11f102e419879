package io.crisislab.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.CalibrationFit;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the held-out predictions choose besides the grid point: the encoder (a grid axis) and the calibration method (no Spark). */
class HeldOutChoiceTest {
  /** Held-out predictions in ascending p order, fold by position mod {@code folds} (1: a validation set). */
  private static HeldOut heldOut(int n, int folds, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = IntStream.range(0, n).mapToDouble(i -> r.nextDouble()).sorted().toArray();
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.2 + 0.6 * p[i]; // over-confident raw scores: calibration has work to do
    }
    int[] fold = IntStream.range(0, n).map(i -> folds == 1 ? 0 : i % folds).toArray();
    return new HeldOut(p, y, new int[n], new int[n], new String[n], new double[n][], fold);
  }

  @Test
  void crossFittedEceCalibratesEachFoldWithTheOtherFoldsMap() {
    HeldOut ho = heldOut(600, 3, 1);
    double[] q = new double[600];
    for (int k = 0; k < 3; k++) {
      int fk = k;
      int[] on = IntStream.range(0, 600).filter(i -> ho.fold()[i] != fk).toArray();
      Calibration m = CalibrationFit.platt(Arrays.stream(on).mapToDouble(i -> ho.p()[i]).toArray(), Bootstrap.pick(ho.y(), on));
      IntStream.range(0, 600).filter(i -> ho.fold()[i] == fk).forEach(i -> q[i] = m.apply(ho.p()[i]));
    }
    assertEquals(Evaluation.ece(q, ho.y(), 10), Calibrate.crossFittedEce(CalibrationMethod.PLATT, ho), 1e-15);
  }

  @Test
  void crossFittingRemovesIsotonicsInSampleAdvantage() {
    HeldOut ho = heldOut(600, 3, 2);
    Calibration iso = CalibrationFit.isotonic(ho.p(), ho.y());
    double inSample = Evaluation.ece(Arrays.stream(ho.p()).map(iso::apply).toArray(), ho.y(), 10);
    double crossFitted = Calibrate.crossFittedEce(CalibrationMethod.ISOTONIC, ho);
    assertTrue(inSample < 1e-9, "isotonic reproduces the predictions it was fitted on: " + inSample);
    assertTrue(crossFitted > 0.01, "on predictions it did not see it does not: " + crossFitted);
    double none = Calibrate.crossFittedEce(CalibrationMethod.NONE, ho);
    assertEquals(Evaluation.ece(ho.p(), ho.y(), 10), none, 1e-15);
    assertTrue(Calibrate.crossFittedEce(CalibrationMethod.PLATT, ho) < none, "the raw scores are miscalibrated");
  }

  @Test
  void aValidationSetsAlternatePostsCalibrateEachOther() {
    HeldOut ho = heldOut(400, 1, 3);
    HeldOut halves = new HeldOut(ho.p(), ho.y(), ho.truth(), ho.predicted(), ho.ids(), ho.probs(),
        IntStream.range(0, 400).map(i -> i % 2).toArray());
    assertEquals(Calibrate.crossFittedEce(CalibrationMethod.PLATT, halves),
        Calibrate.crossFittedEce(CalibrationMethod.PLATT, ho), 0.0);
    HeldOut one = heldOut(1, 1, 4);
    assertTrue(Double.isNaN(Calibrate.crossFittedEce(CalibrationMethod.ISOTONIC, one)), "one post: no map to judge");
  }

  @Test
  void theGridSpansEveryEncoderWithEachBlockWeightAndTheEmbeddingAlone() {
    TrainJob.Config c = TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.ENCODERS, List.of(SentenceEncoder.E5_SMALL, SentenceEncoder.BGE_SMALL))
        .with(TrainJob.BLOCK_WEIGHTS, List.of(2.0, 4.0)).build();
    List<String> specs = Search.specs(c).stream().map(Search.FeatureSpec::describe).toList();
    assertEquals(6, specs.size(), specs.toString());
    assertTrue(specs.get(0).contains("encoder=e5-small blockWeight=2.0"), specs.get(0));
    assertTrue(specs.get(1).contains("encoder=e5-small blockWeight=4.0"), specs.get(1));
    assertEquals("features=embedding encoder=e5-small", specs.get(2));
    assertTrue(specs.get(3).contains("encoder=bge-small blockWeight=2.0"), specs.get(3));
    assertEquals("features=embedding encoder=bge-small", specs.get(5));
    TrainJob.Config none = TrainJob.Config.defaults(Path.of("posts")).build();
    assertEquals(List.of("ngrams"), Search.specs(none).stream().map(Search.FeatureSpec::kind).toList());
    assertTrue(!none.hasEncoder() && c.hasEncoder() && !c.withoutEncoder().hasEncoder());
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.ENCODERS, List.of(SentenceEncoder.NONE, SentenceEncoder.E5_SMALL)).build());
    assertThrows(UsageException.class, () -> TrainJob.Config.defaults(Path.of("posts"))
        .with(TrainJob.ENCODERS, List.of(SentenceEncoder.E5_SMALL, SentenceEncoder.E5_SMALL)).build());
  }

}
