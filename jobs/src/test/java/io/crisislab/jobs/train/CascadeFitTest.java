package io.crisislab.jobs.train;

import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.Cascade;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The band on paired held-out predictions: pairing by key, repeated keys copy by copy (no Spark). */
class CascadeFitTest {
  @Test
  void pairsHeldOutPredictionsByKeyEvenWhenKeysRepeat() {
    TrainJob.Config c = TrainJob.Config.defaults(Path.of("posts")).build();
    Calibrate none = new Calibrate(null, Calibration.none(), Map.of(), 0.5, Map.of(), null, null);
    // n-gram model: keys a, b, b (a repeated post), c; the encoder model lists them in another order
    HeldOut ng = new HeldOut(new double[] {0.45, 0.9, 0.9, 0.1}, new boolean[] {true, true, true, false},
        new int[] {1, 1, 1, 0}, null, new String[] {"a", "b", "b", "c"}, new double[4][], new int[4]);
    HeldOut full = new HeldOut(new double[] {0.2, 0.8, 0.8, 0.7}, new boolean[] {false, true, true, true},
        new int[] {0, 1, 1, 1}, null, new String[] {"c", "b", "b", "a"}, new double[4][], new int[4]);
    Cascade.Choice got = CascadeFit.band(c, ng, none, full, none, 0, 0);
    // by hand: n-gram predicts a wrongly (0.45 < 0.5) with uncertainty 0.05; the encoder gets it right
    Cascade.Choice expected = Cascade.chooseMargin(new double[] {0.05, 0.4, 0.4, 0.4}, new int[] {1, 1, 1, 0},
        new int[] {0, 1, 1, 0}, new int[] {1, 1, 1, 0}, 2, CascadeFit.KEEP, 0, 0);
    Assertions.assertEquals(expected.margin(), got.margin(), 1e-12);
    Assertions.assertEquals(0.05, got.margin(), 1e-12);
    Assertions.assertEquals(0.25, got.figures().routedShare(), 0.0);
    Assertions.assertEquals(1.0, got.figures().cascadeMacroRecall(), 0.0);
    HeldOut other = new HeldOut(full.p(), full.y(), full.truth(), null, new String[] {"c", "b", "d", "a"}, new double[4][], new int[4]);
    Assertions.assertThrows(IllegalStateException.class, () -> CascadeFit.band(c, ng, none, other, none, 0, 0));
  }
}
