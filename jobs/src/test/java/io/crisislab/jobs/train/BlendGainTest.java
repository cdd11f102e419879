package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.stats.Stats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blend's paired test comparison ({@link BlendGain}): the single model's answers are paired with
 * the blend's rows by post, whatever their order, so a "blend" that answers as the single model
 * does differs by exactly 0 on every resample; another model's difference is its AUC minus the
 * single model's, computed here by hand.
 */
class BlendGainTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void theSingleModelIsPairedPostByPostWithTheBlendsRows() {
    TextUdfs.register(session());
    TrainJob.Config c = TrainJob.Config.defaults(Path.of("posts")).build();
    Dataset<Row> d = TrainingData.withTarget(TrainFixtures.posts(session(), 160, 9, "g"), Task.BINARY).cache();
    PipelineModel feats = FeaturePipeline.build(5000, 5000, 1, 2, 4).fit(d);
    LogisticRegressionModel lr = FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, 1e-3, 50, false)
        .fit(feats.transform(d));
    Calibrate cal = new Calibrate(null, Calibration.platt(1.3, -0.2), Map.of(), 0.5, Map.of(), null, null);
    Search.Candidate single = new Search.Candidate(Search.FeatureSpec.ngramsOnly(5000,
        FeaturePipeline.CharRange.parse("2..4")), 1e-3, ClassWeight.NONE, 0.9, null, null);
    RunContext ctx = new RunContext("train", "gain", tmp, 42, new Progress("train", System.err));

    // the single model's own answers as the "blend", in shuffled order
    List<Row> own = new ArrayList<>();
    for (Row r : Search.predict(lr, feats.transform(d), c).select(PostColumns.POST_ID, PostColumns.TEXT,
        TrainingData.LABEL_IDX, TrainedModel.P_RAW).collectAsList()) {
      double p = cal.map().apply(r.getDouble(3));
      own.add(RowFactory.create(r.getString(0), r.getString(1), null, null, r.getDouble(2), r.getDouble(3), p,
          p >= 0.5, p >= 0.5 ? 1 : 0));
    }
    Collections.shuffle(own, new Random(3));
    Map<String, Object> same = BlendGain.of(c, single, feats, lr, cal, d, own, 7, ctx);
    Stats.Estimate dAuc = (Stats.Estimate) same.get("aucRocMinusBestSingle");
    Stats.Estimate dRecall = (Stats.Estimate) same.get("macroRecallMinusBestSingle");
    Assertions.assertEquals(new Stats.Estimate(0.0, 0.0, 0.0), dAuc, same.toString());
    Assertions.assertEquals(new Stats.Estimate(0.0, 0.0, 0.0), dRecall, same.toString());
    Assertions.assertEquals(false, same.get("blendBetterAucRoc"));

    // another "blend": a noisy copy; the difference is its AUC minus the single model's
    Random noise = new Random(5);
    List<Row> other = new ArrayList<>();
    double[] pOther = new double[own.size()];
    double[] pSingle = new double[own.size()];
    boolean[] y = new boolean[own.size()];
    for (int i = 0; i < own.size(); i++) {
      Row r = own.get(i);
      pSingle[i] = r.getDouble(6);
      pOther[i] = Math.min(1, Math.max(0, pSingle[i] + 0.3 * noise.nextGaussian()));
      y[i] = r.getDouble(4) == 1.0;
      other.add(RowFactory.create(r.get(0), r.get(1), null, null, r.getDouble(4), pOther[i], pOther[i],
          pOther[i] >= 0.5, pOther[i] >= 0.5 ? 1 : 0));
    }
    Map<String, Object> g = BlendGain.of(c, single, feats, lr, cal, d, other, 7, ctx);
    Assertions.assertEquals(Evaluation.aucRoc(pSingle, y), (double) g.get("aucRocBestSingle"), 1e-15);
    Stats.Estimate diff = (Stats.Estimate) g.get("aucRocMinusBestSingle");
    Assertions.assertEquals(Evaluation.aucRoc(pOther, y) - Evaluation.aucRoc(pSingle, y), diff.value(), 1e-12);
    Assertions.assertTrue(diff.value() < 0 && diff.ci95Low() < diff.value() && diff.value() < diff.ci95High(),
        diff.toString());
  }
}
