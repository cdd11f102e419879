package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Assertions;

import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogisticFit} against MLlib's {@code LogisticRegression} on generated sparse data (values
 * float-exact, so both fit the same numbers): the same objective value at the solution (within
 * 1e-6 relative) and the same probabilities (within 1e-4), binomial and multinomial, with and
 * without weights; bad values rejected naming the row; identical coefficients however many fits run.
 */
class LogisticFitTest extends SparkTestBase {
  private static final int ROWS = 2000;
  private static final int DIM = 500;
  private static final double REG = 1e-3;
  private static final int MAX_ITER = 300;

  @Test
  void multinomialWeightedMatchesMllib() {
    matchesMllib(data(3, 11), true, true);
  }

  @Test
  void multinomialUnweightedMatchesMllib() {
    matchesMllib(data(3, 12), true, false);
  }

  @Test
  void binomialWeightedMatchesMllib() {
    matchesMllib(data(2, 13), false, true);
  }

  @Test
  void binomialUnweightedMatchesMllib() {
    matchesMllib(data(2, 14), false, false);
  }

  private void matchesMllib(Dataset<Row> d, boolean multinomial, boolean weighted) {
    LogisticFit ours = FeaturePipeline.logisticRegression("label_idx", REG, MAX_ITER, multinomial);
    LogisticRegression mllib = new LogisticRegression().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol("label_idx")
        .setRegParam(REG).setElasticNetParam(0).setStandardization(false).setMaxIter(MAX_ITER)
        .setTol(FeaturePipeline.FIT_TOL).setFamily(multinomial ? "multinomial" : "binomial");
    if (weighted) {
      ours.setWeightCol("weight");
      mllib.setWeightCol("weight");
    }
    LogisticRegressionModel a = ours.fit(d);
    LogisticRegressionModel b = mllib.fit(d);
    Assertions.assertTrue(ours.iterations() > 0);
    List<Row> rows = d.collectAsList();
    double objA = objective(a, rows, weighted, multinomial);
    double objB = objective(b, rows, weighted, multinomial);
    System.err.printf(java.util.Locale.ROOT, "[LogisticFitTest] %s%s: objective ours %.12g (%d iterations), MLlib %.12g (%d)%n",
        multinomial ? "multinomial" : "binomial", weighted ? " weighted" : "", objA, ours.iterations(), objB,
        b.summary().totalIterations());
    assertEquals(objB, objA, 1e-6 * objB, "objective: ours " + objA + ", MLlib " + objB);
    assertEquals(b.numClasses(), a.numClasses());
    assertEquals(b.coefficientMatrix().numRows(), a.coefficientMatrix().numRows());
    List<Row> pa = a.transform(d).select("probability").collectAsList();
    List<Row> pb = b.transform(d).select("probability").collectAsList();
    double worst = 0;
    for (int i = 0; i < pa.size(); i++) {
      double[] x = ((Vector) pa.get(i).get(0)).toArray();
      double[] y = ((Vector) pb.get(i).get(0)).toArray();
      for (int c = 0; c < x.length; c++) {
        worst = Math.max(worst, Math.abs(x[c] - y[c]));
      }
    }
    System.err.printf(java.util.Locale.ROOT, "[LogisticFitTest] largest probability difference %.3g%n", worst);
    Assertions.assertTrue(worst < 1e-4, "largest probability difference " + worst);
    if (multinomial) {
      assertEquals(0, java.util.Arrays.stream(a.interceptVector().toArray()).sum(), 1e-12, "intercepts centred");
    }
  }

  /** MLlib's objective for standardization=false: weighted mean log-loss + 0.5 reg ||coef||^2. */
  private static double objective(LogisticRegressionModel m, List<Row> rows, boolean weighted, boolean multinomial) {
    Matrix coef = m.coefficientMatrix();
    double[] icpt = m.interceptVector().toArray();
    double loss = 0;
    double wsum = 0;
    for (Row r : rows) {
      Vector x = (Vector) r.getAs(FeaturePipeline.FEATURES);
      int y = (int) r.getDouble(r.fieldIndex("label_idx"));
      double w = weighted ? r.getDouble(r.fieldIndex("weight")) : 1;
      double[] margin = new double[coef.numRows()];
      for (int k = 0; k < margin.length; k++) {
        margin[k] = icpt[k];
        double[] xs = x.toArray();
        for (int j = 0; j < xs.length; j++) {
          margin[k] += xs[j] * coef.apply(k, j);
        }
      }
      double l;
      if (multinomial) {
        double max = java.util.Arrays.stream(margin).max().orElseThrow();
        double z = 0;
        for (double mk : margin) {
          z += Math.exp(mk - max);
        }
        l = Math.log(z) + max - margin[y];
      } else {
        l = Math.log1p(Math.exp(margin[0])) - y * margin[0];
      }
      loss += w * l;
      wsum += w;
    }
    double sq = 0;
    for (double v : coef.toArray()) {
      sq += v * v;
    }
    return loss / wsum + 0.5 * REG * sq;
  }

  @Test
  void aNanFeatureIsADataExceptionNamingThePost() {
    List<Row> rows = new ArrayList<>(data(3, 21).collectAsList());
    Row r = rows.get(77);
    double[] v = ((Vector) r.get(1)).toArray();
    v[5] = Double.NaN;
    rows.set(77, RowFactory.create(r.get(0), Vectors.dense(v).toSparse(), r.get(2), r.get(3)));
    Dataset<Row> bad = session().createDataFrame(rows, schema());
    DataException e = assertThrows(DataException.class,
        () -> FeaturePipeline.logisticRegression("label_idx", REG, 5, true).fit(bad));
    Assertions.assertTrue(e.getMessage().contains("post_id p77") && e.getMessage().contains("feature 5 is NaN"), e.getMessage());
  }

  @Test
  void sameDataGivesIdenticalCoefficientsAloneOrConcurrently() throws Exception {
    Dataset<Row> d = data(3, 31).cache();
    double[] alone = coefficients(FeaturePipeline.logisticRegression("label_idx", REG, 40, true).setWeightCol("weight").fit(d));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fs.add(pool.submit(() -> coefficients(FeaturePipeline.logisticRegression("label_idx", REG, 40, true)
            .setWeightCol("weight").fit(d))));
      }
      for (Future<double[]> f : fs) {
        assertArrayEquals(alone, f.get());
      }
    } finally {
      pool.shutdownNow();
      d.unpersist();
    }
  }

  /**
   * On the local master the coefficients and the partitions' results are handed over in the JVM
   * ({@link LocalHandover}); broadcasting and collecting them (the path of a cluster) gives the same
   * iterations and the same coefficients to the last bit, binomial and multinomial, over two partitions.
   */
  @Test
  void theHandoverGivesTheBroadcastsCoefficientsExactly() {
    for (int classes : new int[] {2, 3}) {
      Dataset<Row> d = data(classes, 51 + classes).repartition(2).cache();
      try {
        LogisticFit handed = FeaturePipeline.logisticRegression("label_idx", REG, 60, classes > 2).setWeightCol("weight");
        LogisticFit shipped = FeaturePipeline.logisticRegression("label_idx", REG, 60, classes > 2).setWeightCol("weight")
            .withoutHandover();
        double[] a = coefficients(handed.fit(d));
        double[] b = coefficients(shipped.fit(d));
        assertArrayEquals(b, a, 0.0);
        assertEquals(shipped.iterations(), handed.iterations());
        Assertions.assertTrue(handed.iterations() > 10, "iterations " + handed.iterations());
      } finally {
        d.unpersist();
      }
    }
  }

  @Test
  void aTaskOutsideTheDriversJvmFailsLoudly() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalHandover.round(-1));
    Assertions.assertTrue(e.getMessage().contains("local master"), e.getMessage());
  }

  private static double[] coefficients(LogisticRegressionModel m) {
    double[] c = m.coefficientMatrix().toArray();
    double[] i = m.interceptVector().toArray();
    double[] out = java.util.Arrays.copyOf(c, c.length + i.length);
    System.arraycopy(i, 0, out, c.length, i.length);
    return out;
  }

  /**
   * The model comes from MLlib's {@code private[spark]} constructor (uid, coefficient matrix,
   * intercepts, classes, multinomial): this fails if Spark changes it. The model saves, loads and
   * keeps the caller's column names, as the reason tagger needs.
   */
  @Test
  void theModelIsMllibsAndKeepsItsColumns(@TempDir Path dir) throws Exception {
    assertNotNull(LogisticRegressionModel.class.getConstructor(String.class, Matrix.class, Vector.class, int.class,
        boolean.class));
    Dataset<Row> d = data(3, 41);
    LogisticRegressionModel m = FeaturePipeline.logisticRegression("label_idx", REG, 20, true)
        .setOutputCols("reason_prediction", "reason_raw", "reason_probability").fit(d);
    m.write().save(dir.resolve("m").toString());
    LogisticRegressionModel back = LogisticRegressionModel.load(dir.resolve("m").toString());
    assertEquals("reason_probability", back.getProbabilityCol());
    assertEquals("reason_prediction", back.getPredictionCol());
    assertEquals("reason_raw", back.getRawPredictionCol());
    assertEquals("label_idx", back.getLabelCol());
    assertArrayEquals(coefficients(m), coefficients(back));
    List<Row> p = back.transform(d).select("reason_probability", "reason_prediction").limit(3).collectAsList();
    assertEquals(3, ((Vector) p.get(0).get(0)).size());
    Assertions.assertTrue(!m.hasSummary(), "no training summary: nothing may ask for one");
  }

  private static StructType schema() {
    return new StructType().add(PostColumns.POST_ID, DataTypes.StringType)
        .add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType()).add("label_idx", DataTypes.DoubleType)
        .add("weight", DataTypes.DoubleType);
  }

  /**
   * {@value #ROWS} rows of {@value #DIM} features, ~20 non-zeros each with float-exact values in
   * (0, 1], labels from a random linear model plus Gumbel noise (so the classes overlap), weights
   * in [0.5, 2].
   */
  private Dataset<Row> data(int classes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] truth = new double[classes][DIM];
    for (double[] t : truth) {
      for (int j = 0; j < DIM; j++) {
        t[j] = rnd.nextGaussian() * 3;
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      java.util.TreeMap<Integer, Double> nz = new java.util.TreeMap<>();
      int n = 10 + rnd.nextInt(20);
      for (int t = 0; t < n; t++) {
        nz.put(rnd.nextInt(DIM), (double) (float) (0.05 + 0.95 * rnd.nextDouble()));
      }
      int[] idx = nz.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] val = nz.values().stream().mapToDouble(Double::doubleValue).toArray();
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = -Math.log(-Math.log(rnd.nextDouble()));
        for (int p = 0; p < idx.length; p++) {
          s += truth[c][idx[p]] * val[p];
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      rows.add(RowFactory.create("p" + i, Vectors.sparse(DIM, idx, val), (double) best, 0.5 + 1.5 * rnd.nextDouble()));
    }
    return session().createDataFrame(rows, schema());
  }
}
