package io.crisislab.jobs.train;

import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.stats.Stats;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A chosen blend against the best single grid point on the test posts (metrics.json →
 * {@code blend.testVersusBestSingle}): the paired bootstrap ({@link Bootstrap#paired}, the resamples
 * of metrics.json's other intervals) of test AUC (negative vs rest, calibrated p_negative, as
 * {@code aucRoc}) and macro recall, blend minus single. The single model is what the run would have
 * exported without {@code --blend}: the best grid point's final model (fitted on all training posts
 * before the blend is scored, so the comparison costs no extra fit, one extra scoring of the test
 * posts) with its own calibration and threshold. "Blend better" only when an interval lies above 0.
 */
final class BlendGain {
  private BlendGain() {}

  /**
   * @param single the best single grid point
   * @param features its fitted features, {@code learner} its final model, {@code cal} its calibration and threshold
   * @param test the test posts; {@code rows} the blend's scored test rows ({@link Metrics} layout)
   * @param seed the bootstrap seed of metrics.json's intervals
   */
  static Map<String, Object> of(TrainJob.Config c, Search.Candidate single, PipelineModel features, Model<?> learner,
      Calibrate cal, Dataset<Row> test, List<Row> rows, long seed, RunContext ctx) {
    // a post's answer depends on its text only: rows with the same key (post ids repeat in some sets) answer alike
    Map<String, ArrayDeque<Row>> byKey = new HashMap<>();
    for (Row r : Search.predict(learner, features.transform(test), c).select(PostColumns.POST_ID, PostColumns.TEXT,
        TrainingData.LABEL_IDX, TrainedModel.P_RAW, "prediction").collectAsList()) {
      byKey.computeIfAbsent(CascadeFit.key(r.getString(0), r.getString(1), r.getDouble(2)), k -> new ArrayDeque<>()).add(r);
    }
    int n = rows.size();
    double[] pSingle = new double[n];
    int[] predSingle = new int[n];
    for (int i = 0; i < n; i++) {
      Row t = rows.get(i);
      ArrayDeque<Row> q = byKey.get(CascadeFit.key(t.getString(0), t.getString(1), t.getDouble(4)));
      Row s = q == null ? null : q.poll();
      if (s == null) {
        throw new IllegalStateException("test post " + t.get(0) + " has no answer from the best single model");
      }
      pSingle[i] = cal.map().apply(s.getDouble(3));
      predSingle[i] = c.binary() ? (pSingle[i] >= cal.threshold() ? 1 : 0) : (int) s.getDouble(4);
    }
    ctx.stage("blend vs best single grid point: score the test posts with " + single.describe(), n);
    boolean[] y = Metrics.truthNegative(rows, c.binary());
    int[] truth = Metrics.truth(rows);
    int[] predBlend = Metrics.predicted(rows, c.binary());
    double[] pBlend = Metrics.column(rows, 6);
    int k = c.task().classes().size();
    Stats.Estimate auc = Bootstrap.paired(n, Bootstrap.aucRoc(pSingle, y), Bootstrap.aucRoc(pBlend, y),
        Bootstrap.RESAMPLES, seed);
    Stats.Estimate recall = Bootstrap.paired(n, Bootstrap.macroRecall(truth, predSingle, k),
        Bootstrap.macroRecall(truth, predBlend, k), Bootstrap.RESAMPLES, seed);
    long[][] cm = Evaluation.confusion(truth, predSingle, k);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bestSingle", single.describe());
    out.put("bestSingleHeldOutScore", single.score());
    out.put("bestSingleCalibration", cal.map().method());
    out.put("nTest", n);
    out.put("resamples", Bootstrap.RESAMPLES);
    out.put("seed", seed);
    out.put("aucRocBestSingle", Evaluation.aucRoc(pSingle, y));
    out.put("aucRocMinusBestSingle", auc);
    out.put("macroRecallBestSingle", Evaluation.macro(Evaluation.recalls(cm), cm));
    out.put("macroRecallMinusBestSingle", recall);
    out.put("blendBetterAucRoc", auc.ci95Low() != null && auc.ci95Low() > 0);
    out.put("blendBetterMacroRecall", recall.ci95Low() != null && recall.ci95Low() > 0);
    out.put("cost", "no extra fit (the best single point's final model is fitted before the blend is scored); "
        + "one extra scoring of the test posts");
    return out;
  }
}
