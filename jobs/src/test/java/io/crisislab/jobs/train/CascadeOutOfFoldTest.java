package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.Cascade;
import io.crisislab.models.stats.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The band's out-of-fold predictions when a validation set chose everything else. */
class CascadeOutOfFoldTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void outOfFoldPredictionsCoverEveryTrainingPostOnceAndPairAcrossModels() throws Exception {
    Path posts = TrainFixtures.write(session(), TrainFixtures.posts(session(), 160, 3, "o"), tmp.resolve("posts"));
    TrainJob.Config c = TrainJobTest.small(posts).with(TrainJob.FOLDS_BY, FoldsBy.RANDOM).build();
    RunContext ctx = new RunContext("train", "oof", Files.createDirectories(tmp.resolve("run")), 42,
        new Progress("train", System.err));
    Split split = Split.of(session(), c, 1, ctx);
    CharRange chars = new CharRange(2, 4);
    PipelineModel feats = FeaturePipeline.build(5000, 5000, 1, chars.min(), chars.max()).fit(split.train());
    Dataset<Row> trainF = FeaturePipeline.cached(feats, split.train(), session());
    Search.FeatureSpec spec = Search.FeatureSpec.ngramsOnly(5000, chars);
    Search.Candidate weak = new Search.Candidate(spec, 1.0, ClassWeight.NONE, Double.NaN, null, null);
    Search.Candidate strong = new Search.Candidate(spec, 1e-3, ClassWeight.NONE, Double.NaN, null, null);
    HeldOut a = CascadeFit.outOfFold(session(), c, weak, trainF, 9);
    HeldOut b = CascadeFit.outOfFold(session(), c, strong, trainF, 9);
    // every training post once, in both (the same folds, so the two pair post by post)
    Assertions.assertEquals(split.nTrain(), a.ids().length);
    String[] ia = a.ids().clone();
    String[] ib = b.ids().clone();
    Arrays.sort(ia);
    Arrays.sort(ib);
    Assertions.assertArrayEquals(ia, ib);
    Assertions.assertEquals(ia.length, Arrays.stream(ia).distinct().count());
    Calibrate none = new Calibrate(null, Calibration.none(), Map.of(), 0.5, Map.of(), null, null);
    Cascade.Choice ch = CascadeFit.band(c, a, none, b, none, 200, 3);
    Assertions.assertEquals(split.nTrain(), ch.figures().n());
    Assertions.assertTrue(ch.ratioLowerBound() >= CascadeFit.KEEP, ch.toString());
    // held out: each post predicted by a model that never saw it, so less well than in sample
    HeldOut inSample = HeldOut.collect(Search.predict(Search.fit(c, strong, trainF), trainF, c));
    Assertions.assertTrue(Evaluation.aucRoc(b.p(), b.y()) < Evaluation.aucRoc(inSample.p(), inSample.y()),
        "out-of-fold " + Evaluation.aucRoc(b.p(), b.y()) + " vs in-sample " + Evaluation.aucRoc(inSample.p(), inSample.y()));
    trainF.unpersist();
  }
}
