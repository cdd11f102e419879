package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.Cascade;
import io.crisislab.models.scorer.EncoderBlock;
import io.crisislab.models.scorer.LinearHead;
import io.crisislab.models.scorer.ScorerFile;
import io.crisislab.models.text.SocialTextNormalizer;
import io.crisislab.models.scorer.NegativityScorer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.NaiveBayesModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Row;

/** The scorer export step: the fitted Spark stages as the Spark-free {@link ScorerFile}. */
final class ScorerExport {
  private ScorerExport() {}

  /** The scorer file of a fitted model; {@code cascade} (or null) puts an n-gram model in front of an encoder model. */
  static ScorerFile export(TrainJob.Config c, PipelineModel features, Model<?> learner, Calibration cal,
      double threshold, Reasons reasons, Cascade cascade, RunContext ctx, long nTrain) {
    List<String> classes = c.task().classes();
    LinearHead head;
    int negClass;
    if (learner instanceof LogisticRegressionModel lr) {
      if (lr.numClasses() == 2 && c.binary()) {
        head = new LinearHead(LinearHead.SIGMOID, classes, new double[][] {lr.coefficients().toArray()},
            new double[] {lr.intercept()});
        negClass = 1;
      } else {
        head = new LinearHead(LinearHead.SOFTMAX, classes, rows(lr.coefficientMatrix()), lr.interceptVector().toArray());
        negClass = c.binary() ? 1 : 0;
      }
    } else if (learner instanceof LinearSVCModel svc) {
      head = new LinearHead(LinearHead.SIGMOID, classes, new double[][] {svc.coefficients().toArray()},
          new double[] {svc.intercept()});
      negClass = 1;
    } else if (learner instanceof NaiveBayesModel nb) {
      head = new LinearHead(LinearHead.SOFTMAX, classes, rows(nb.theta()), nb.pi().toArray());
      negClass = c.binary() ? 1 : 0;
    } else {
      throw new IllegalStateException("cannot export learner " + learner.getClass());
    }
    LinearHead reasonHead = null;
    if (reasons != null) {
      LogisticRegressionModel r = reasons.model();
      reasonHead = new LinearHead(LinearHead.SOFTMAX, reasons.labels(), rows(r.coefficientMatrix()),
          r.interceptVector().toArray());
    }
    Map<String, String> prov = new TreeMap<>();
    prov.put("runId", ctx.runId());
    prov.put("createdAt", Instant.now().toString());
    prov.put("trainPosts", Long.toString(nTrain));
    EncoderBlock encoder = FeaturePipeline.encoder(features);
    int version = ScorerFile.versionFor(encoder, encoder == null ? null : cascade, null, cal);
    return new ScorerFile(ScorerFile.FORMAT, version, SocialTextNormalizer.VERSION, c.task().toString(),
        c.learner().toString(), FeaturePipeline.export(features), encoder, encoder == null ? null : cascade, head, negClass, cal, threshold, reasonHead, prov);
  }

  /** Test posts the parity check embeds again with an encoder (one thread, tens of posts per second). */
  static final int ENCODER_PARITY_POSTS = 300;

  /**
   * The exported scorer against Spark: on every test post, failing the run above 1e-9; with an
   * encoder on the first {@value #ENCODER_PARITY_POSTS} (by post_id), failing above 1e-5 (the
   * embedding is ONNX float arithmetic, see {@link NegativityScorer}). A cascade's encoder model is
   * checked on every post here; its n-gram path and its routing in {@link CascadeFit#evaluate}.
   */
  static Map<String, Object> parity(ScorerFile scorer, List<Row> rows, RunContext ctx) {
    NegativityScorer local = new NegativityScorer(scorer).fullModel();
    boolean encoder = scorer.encoder() != null;
    double tolerance = encoder ? 1e-5 : 1e-9;
    List<Row> checked = encoder ? rows.subList(0, Math.min(rows.size(), ENCODER_PARITY_POSTS)) : rows;
    double maxDiff = 0;
    for (Row r : checked) {
      maxDiff = Math.max(maxDiff, Math.abs(local.pNegative(r.getString(1)) - r.getDouble(6)));
    }
    Map<String, Object> parity = new LinkedHashMap<>();
    parity.put("n", checked.size());
    parity.put("maxAbsDiffPNegative", maxDiff);
    parity.put("tolerance", tolerance);
    ctx.stage(String.format(Locale.ROOT, "scorer parity (max |diff| %.2e)", maxDiff), checked.size());
    if (maxDiff > tolerance) {
      throw new IllegalStateException("exported scorer differs from Spark by " + maxDiff + " (> " + tolerance + ")");
    }
    return parity;
  }

  private static double[][] rows(Matrix m) {
    double[][] out = new double[m.numRows()][m.numCols()];
    for (int i = 0; i < m.numRows(); i++) {
      for (int j = 0; j < m.numCols(); j++) {
        out[i][j] = m.apply(i, j);
      }
    }
    return out;
  }
}
