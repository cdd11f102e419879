package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Blend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blend as a Spark classifier ({@link StackedBlend#classifier}): its probability is
 * {@link Blend#apply} of its two bases' probabilities, post by post, before and after a save and
 * load. A second n-gram setting stands in for the encoder's features (the assembly is the same;
 * no ONNX here: {@code TrainJobTest} runs the real encoder).
 */
class StackedBlendTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void theBlendClassifierBlendsItsBasesAndSurvivesSaveAndLoad() throws Exception {
    TextUdfs.register(session());
    Dataset<Row> d = TrainingData.withTarget(TrainFixtures.posts(session(), 120, 5, "s"), Task.BINARY).cache();
    PipelineModel ngF = FeaturePipeline.build(5000, 5000, 1, 2, 4).fit(d);
    LogisticRegressionModel ngLr = FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, 1e-3, 50, false)
        .fit(ngF.transform(d));
    PipelineModel ngClf = new Pipeline().setStages(new PipelineStage[] {ngF, ngLr}).fit(d.limit(0));
    PipelineModel encF = FeaturePipeline.build(5000, 5000, 1, 3, 3).fit(d);
    LogisticRegressionModel encLr = FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, 1e-2, 50, false)
        .fit(encF.transform(d));
    PipelineModel encClf = new Pipeline().setStages(new PipelineStage[] {encF, encLr}).fit(d.limit(0));
    Blend meta = new Blend(Blend.LOG_ODDS, new double[][] {{0.6, 0.9}}, new double[] {0.2});
    PipelineModel clf = new StackedBlend(meta, null, null, null, null, 0).classifier(ngClf, encF, encLr, d);
    String dir = tmp.resolve("blend").toString();
    clf.write().save(dir);
    PipelineModel back = PipelineModel.load(dir);

    List<Row> ng = probabilities(ngClf, d);
    List<Row> enc = probabilities(encClf, d);
    for (PipelineModel m : List.of(clf, back)) {
      Dataset<Row> out = m.transform(d);
      Assertions.assertFalse(Arrays.stream(out.columns()).anyMatch(c -> c.startsWith("_blend")), Arrays.toString(out.columns()));
      List<Row> got = out.select(PostColumns.POST_ID, "probability", "prediction").orderBy(PostColumns.POST_ID)
          .collectAsList();
      Assertions.assertEquals(120, got.size());
      int flips = 0;
      for (int i = 0; i < got.size(); i++) {
        double[] expected = meta.apply(((Vector) ng.get(i).get(1)).toArray(), ((Vector) enc.get(i).get(1)).toArray());
        double[] p = ((Vector) got.get(i).get(1)).toArray();
        Assertions.assertArrayEquals(expected, p, 1e-15, got.get(i).getString(0));
        Assertions.assertEquals(p[1] > p[0] ? 1.0 : 0.0, got.get(i).getDouble(2), 0.0);
        flips += Math.abs(p[1] - ((Vector) enc.get(i).get(1)).apply(1)) > 1e-6 ? 1 : 0;
      }
      Assertions.assertTrue(flips > 0, "the blend must differ from the encoder base alone");
    }
  }

  /**
   * The meta-model fitted through the project's one LR fit ({@link StackedBlend#fitMeta}) has the
   * weights MLlib's own {@code LogisticRegression} (no penalty, 200 iterations, tolerance 1e-9: the
   * fit it replaces) finds on the same rows, binary and three-class, to 1e-6.
   */
  @Test
  void theMetaModelMatchesMllibsUnpenalisedFit() {
    RandomGenerator rng = new MersenneTwister(19);
    for (int k : new int[] {2, 3}) {
      int n = 600;
      double[][] ng = new double[n][];
      double[][] enc = new double[n][];
      int[] label = new int[n];
      for (int i = 0; i < n; i++) {
        label[i] = rng.nextInt(k);
        ng[i] = noisy(label[i], k, 1.2, rng);
        enc[i] = noisy(label[i], k, 0.8, rng);
      }
      int[] on = IntStream.range(0, n).filter(i -> i % 7 != 0).toArray(); // a subset, as the cross-fitting uses
      Blend got = StackedBlend.fitMeta(session(), k == 2, ng, enc, label, on);

      StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
      List<Row> rows = Arrays.stream(on).mapToObj(i -> RowFactory.create((double) label[i],
          Vectors.dense(Blend.inputs(ng[i], enc[i])))).toList();
      LogisticRegressionModel old = new LogisticRegression().setRegParam(0).setMaxIter(200).setTol(1e-9)
          .setFamily(k == 2 ? "binomial" : "multinomial").fit(session().createDataFrame(rows, schema));
      double[][] w = k == 2 ? new double[][] {old.coefficients().toArray()} : rowsOf(old.coefficientMatrix());
      double[] b = k == 2 ? new double[] {old.intercept()} : old.interceptVector().toArray();
      Assertions.assertEquals(w.length, got.weights().length);
      for (int r = 0; r < w.length; r++) {
        Assertions.assertArrayEquals(w[r], got.weights()[r], 1e-6, "k=" + k + " row " + r);
      }
      Assertions.assertArrayEquals(b, got.intercepts(), 1e-6, "k=" + k + " intercepts");
      Assertions.assertTrue(Math.abs(got.weights()[0][0]) > 0.1, "the inputs carry signal: the weights are not ~0");
    }
  }

  /** Class probabilities leaning towards {@code label} by {@code strength}, with Gaussian noise on the logits. */
  private static double[] noisy(int label, int k, double strength, RandomGenerator rng) {
    double[] p = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      p[j] = Math.exp((j == label ? strength : 0) + rng.nextGaussian());
      sum += p[j];
    }
    for (int j = 0; j < k; j++) {
      p[j] /= sum;
    }
    return p;
  }

  private static double[][] rowsOf(Matrix m) {
    double[][] r = new double[m.numRows()][m.numCols()];
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = m.apply(i, j);
      }
    }
    return r;
  }

  private static List<Row> probabilities(PipelineModel m, Dataset<Row> d) {
    return m.transform(d).select(PostColumns.POST_ID, "probability").orderBy(PostColumns.POST_ID).collectAsList();
  }
}
