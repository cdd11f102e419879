package io.crisislab.jobs.model;

import static org.apache.spark.sql.functions.col;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SparseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.TaskContext;
import org.apache.spark.storage.StorageLevel;

/**
 * L2-penalised logistic regression fitted over cached compact blocks instead of MLlib's
 * {@code LogisticRegression.train}, with MLlib's objective for {@code standardization=false} and
 * {@code elasticNetParam=0}: the weighted mean log-loss (sum w_i l_i / sum w_i) plus
 * 0.5 x regParam x the squared norm of the coefficients (intercepts not penalised); binomial (one
 * coefficient vector, sigmoid) or multinomial (k x d coefficients, softmax, intercepts centred at
 * the end). It follows MLlib's optimisation too: the same starting point (intercepts from the class
 * weights), the same change of variables (coefficients over features scaled by their standard
 * deviation and centred by their mean, undone at the end; the objective is unchanged by it), and
 * breeze's L-BFGS with m = 10 ({@link Lbfgs}), so {@code maxIter} and {@code tol} keep MLlib's
 * meaning.
 *
 * <p>What differs is the work: one pass turns the rows into cached {@link CsrBlock}s (float values,
 * checked for NaN/infinity on the primitive arrays in that same pass) and the first job over them
 * collects the class weights and feature means and deviations; each objective evaluation is then
 * one job whose tasks compute loss and gradient in one pass per block ({@link CsrBlock#accumulate})
 * against the coefficients: on a local master the tasks read the driver's array and add into
 * per-partition buffers the driver keeps across evaluations ({@link LocalHandover}), elsewhere the
 * coefficients are broadcast and each partition's result collected. Partition results are summed
 * in partition order on the driver, so the same rows in the same partitions give identical
 * coefficients however many fits run at once and whichever way the arrays travel.
 *
 * <p>The result is a plain {@link LogisticRegressionModel} (saved, loaded, exported and scored as
 * MLlib's own), made with its {@code private[spark]} constructor (public in bytecode), here only.
 */
public final class LogisticFit {
  private final String labelCol;
  private final double regParam;
  private final int maxIter;
  private final boolean multinomial;
  private double tol = FeaturePipeline.FIT_TOL;
  private String weightCol;
  private String predictionCol = "prediction";
  private String rawPredictionCol = "rawPrediction";
  private String probabilityCol = "probability";
  private int iterations = -1;
  private boolean handOver = true;

  /**
   * System property: when "true", each fit prints one line to stderr (iterations, objective
   * evaluations, the objective at the solution to 12 digits, its time and its passes' time).
   */
  public static final String TRACE_PROPERTY = "crisislab.fitTrace";

  /**
   * @param labelCol class index column (0..k-1, any numeric type)
   * @param regParam L2 strength (>= 0)
   * @param maxIter most L-BFGS iterations
   * @param multinomial softmax over all classes, else binomial (labels 0 and 1)
   */
  LogisticFit(String labelCol, double regParam, int maxIter, boolean multinomial) {
    if (!(regParam >= 0) || maxIter < 0) {
      throw new IllegalArgumentException("regParam must be >= 0 and maxIter >= 0, got " + regParam + ", " + maxIter);
    }
    this.labelCol = labelCol;
    this.regParam = regParam;
    this.maxIter = maxIter;
    this.multinomial = multinomial;
  }

  /** Weights each row by this column (finite, >= 0); unset: every row weighs 1. */
  public LogisticFit setWeightCol(String c) {
    weightCol = c;
    return this;
  }

  /** L-BFGS convergence tolerance (MLlib's meaning); default {@link FeaturePipeline#FIT_TOL}. */
  public LogisticFit setTol(double t) {
    tol = t;
    return this;
  }

  /** The model's output column names (MLlib's defaults: prediction, rawPrediction, probability). */
  public LogisticFit setOutputCols(String prediction, String rawPrediction, String probability) {
    predictionCol = prediction;
    rawPredictionCol = rawPrediction;
    probabilityCol = probability;
    return this;
  }

  /** Broadcast the coefficients and collect the results even on a local master (tests: both paths agree). */
  LogisticFit withoutHandover() {
    handOver = false;
    return this;
  }

  /** L-BFGS iterations of the last {@link #fit} (MLlib's training summary's count), -1 before. */
  public int iterations() {
    return iterations;
  }

  /** Fits on {@code data}'s {@value FeaturePipeline#FEATURES} vectors; see the class comment. */
  public LogisticRegressionModel fit(Dataset<Row> data) {
    boolean weighted = weightCol != null;
    String idCol = Arrays.asList(data.columns()).contains(PostColumns.POST_ID) ? PostColumns.POST_ID : null;
    List<Column> cols = new ArrayList<>(List.of(col(FeaturePipeline.FEATURES), col(labelCol).cast("double")));
    if (weighted) {
      cols.add(col(weightCol).cast("double"));
    }
    if (idCol != null) {
      cols.add(col(idCol));
    }
    JavaRDD<CsrBlock> blocks = data.select(cols.toArray(Column[]::new)).javaRDD()
        .mapPartitionsWithIndex((part, rows) -> CsrBlock.of(rows, part, weighted, idCol), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.setName("LogisticFit blocks (" + labelCol + ", regParam " + regParam + ")");
    try {
      return fit(blocks, numClassesOf(data));
    } catch (Exception e) {
      // a DataException thrown in a task reaches here wrapped in Spark's (checked) SparkException
      throw dataCause(e);
    } finally {
      blocks.unpersist(false);
    }
  }

  private LogisticRegressionModel fit(JavaRDD<CsrBlock> blocks, int declaredClasses) {
    CsrBlock.Stats st = new CsrBlock.Stats();
    for (CsrBlock.Stats s : blocks.mapPartitions(it -> {
      CsrBlock.Stats s = new CsrBlock.Stats();
      it.forEachRemaining(b -> b.addTo(s));
      return List.of(s).iterator();
    }).collect()) {
      st.merge(s);
    }
    if (st.rows == 0 || !(st.weight > 0)) {
      throw new DataException("training features: no rows with a positive weight to fit on");
    }
    double[] hist = st.classWeight;
    int numClasses = hist.length;
    if (declaredClasses >= 0) {
      if (declaredClasses < hist.length) {
        throw new DataException("training features: label " + (hist.length - 1) + " but " + declaredClasses + " classes");
      }
      numClasses = declaredClasses;
      hist = Arrays.copyOf(hist, numClasses);
    }
    if (!multinomial && numClasses > 2) {
      throw new DataException("training features: a binomial fit needs labels 0 and 1, found label " + (numClasses - 1));
    }
    int d = st.dim;
    int k = multinomial ? numClasses : 1;
    long present = Arrays.stream(hist).filter(h -> h != 0).count();
    if (present == 1) {
      return constant(hist, numClasses, d, k);
    }
    double[] mean = new double[d];
    double[] std = new double[d];
    double denom = st.weight - st.weightSq / st.weight;
    for (int j = 0; j < d; j++) {
      mean[j] = st.sum[j] / st.weight;
      double ss = st.sumSq[j] - st.sum[j] * mean[j];
      // the sums' rounding must not turn a constant feature into a tiny deviation (MLlib gives 0)
      double var = denom > 0 && ss > 1e-12 * st.sumSq[j] ? ss / denom : 0;
      std[j] = Math.sqrt(var);
    }
    double[] x0 = new double[d * k + k];
    if (multinomial) {
      double meanLog = 0;
      for (double h : hist) {
        meanLog += Math.log1p(h) / hist.length;
      }
      for (int c = 0; c < k; c++) {
        x0[d * k + c] = Math.log1p(hist[c]) - meanLog;
      }
    } else {
      x0[d] = Math.log(hist[1] / hist[0]);
    }
    Objective obj = new Objective(blocks, mean, std, k, st.weight, regParam, handOver && blocks.context().isLocal());
    long t0 = System.nanoTime();
    Lbfgs.Solution sol = Lbfgs.minimize(obj, x0, maxIter, tol);
    iterations = sol.iterations();
    if (Boolean.getBoolean(TRACE_PROPERTY)) {
      System.err.printf(Locale.ROOT, "[LogisticFit] %s regParam %s, %d x %d: %d iterations, %d evaluations, "
              + "objective %.12g; %.1f s, of which the passes (coefficients, job, results) %.1f s%n", labelCol, regParam,
          d, k, iterations, obj.evaluations, sol.value(), (System.nanoTime() - t0) / 1e9, obj.passNanos / 1e9);
    }
    double[][] o = obj.original(sol.x());
    return model(new DenseMatrix(k, d, o[0], true).compressed(), Vectors.dense(o[1]).compressed(), numClasses);
  }

  /** MLlib's model for a single class: zero coefficients, an infinite intercept for that class. */
  private LogisticRegressionModel constant(double[] hist, int numClasses, int d, int k) {
    int at = 0;
    for (int c = 1; c < hist.length; c++) {
      at = hist[c] > hist[at] ? c : at;
    }
    Matrix coef = new SparseMatrix(k, d, new int[k + 1], new int[0], new double[0], true).compressed();
    Vector icpt = multinomial ? Vectors.sparse(numClasses, new int[] {at}, new double[] {Double.POSITIVE_INFINITY})
        : Vectors.dense(numClasses == 2 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
    return model(coef, icpt, numClasses);
  }

  /** The model over the given coefficients (k x d) and intercepts, with this fit's params. */
  private LogisticRegressionModel model(Matrix coef, Vector icpt, int numClasses) {
    LogisticRegressionModel m = new LogisticRegressionModel(Identifiable.randomUID("logreg"), coef, icpt, numClasses,
        multinomial);
    m.setFeaturesCol(FeaturePipeline.FEATURES).setPredictionCol(predictionCol).setRawPredictionCol(rawPredictionCol)
        .setProbabilityCol(probabilityCol);
    set(m, "labelCol", labelCol);
    set(m, "regParam", regParam);
    set(m, "maxIter", maxIter);
    set(m, "tol", tol);
    set(m, "family", multinomial ? "multinomial" : "binomial");
    set(m, "standardization", false);
    set(m, "elasticNetParam", 0.0);
    if (weightCol != null) {
      set(m, "weightCol", weightCol);
    }
    return m;
  }

  private static void set(LogisticRegressionModel m, String param, Object value) {
    m.set(m.getParam(param), value);
  }

  /** Classes declared in the label column's ML attribute (as MLlib reads it), or -1. */
  private int numClassesOf(Dataset<Row> data) {
    Attribute a = Attribute.fromStructField(data.schema().apply(labelCol));
    if (a instanceof BinaryAttribute) {
      return 2;
    }
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    return -1;
  }

  /** A DataException thrown inside a Spark task, as itself; anything else unchanged. */
  private static RuntimeException dataCause(Exception e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof DataException de) {
        return de;
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  /**
   * The objective over MLlib's variables: coefficients b (feature-major, over features divided by
   * their deviation and centred by their mean) and intercepts. Each evaluation turns them into
   * the original space (beta = b / std, intercept - beta . mean: d x k work on the driver), runs one
   * job over the blocks, and turns the gradient back.
   */
  private static final class Objective implements Lbfgs.Objective {
    private final JavaRDD<CsrBlock> blocks;
    private final double[] mean;
    private final double[] std;
    private final int k;
    private final double weight;
    private final double regParam;

    /** Tasks run in this JVM (a local master): coefficients and results are handed over, not serialised. */
    private final boolean local;
    /** Reused across evaluations (7.6 MB each at TweetEval size): the coefficients, the partitions' results, their sum. */
    private final double[] coefBuf;
    private final double[][] partBufs;
    private final double[] sumBuf;
    int evaluations;
    long passNanos;

    Objective(JavaRDD<CsrBlock> blocks, double[] mean, double[] std, int k, double weight, double regParam,
        boolean local) {
      this.blocks = blocks;
      this.mean = mean;
      this.std = std;
      this.k = k;
      this.weight = weight;
      this.regParam = regParam;
      this.local = local;
      int d = mean.length;
      coefBuf = local ? new double[d * k + k] : null;
      partBufs = local ? new double[blocks.getNumPartitions()][d * k + k + 1] : null;
      sumBuf = new double[d * k + k + 1];
    }

    /**
     * One job over the blocks whose tasks read the driver's coefficients and add into the
     * driver's per-partition buffers through {@link LocalHandover} (local master only: the tasks
     * run in this JVM).
     */
    private double[][] localPass() {
      int kk = k;
      long id = LocalHandover.open(coefBuf, partBufs);
      try {
        blocks.foreachPartition(it -> {
          LocalHandover.Round r = LocalHandover.round(id);
          double[] acc = r.result(TaskContext.getPartitionId());
          // a retried task starts again from zeros
          Arrays.fill(acc, 0);
          it.forEachRemaining(b -> b.accumulate(r.coef(), kk, acc));
        });
      } finally {
        LocalHandover.close(id);
      }
      return partBufs;
    }

    /** One job over the blocks: the coefficients broadcast, each partition's (gradient, loss) collected. */
    private double[][] broadcastPass(double[] coef, int len) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
      Broadcast<double[]> bc = jsc.broadcast(coef);
      int kk = k;
      try {
        return blocks.mapPartitions((Iterator<CsrBlock> it) -> {
          double[] acc = new double[len];
          double[] cf = bc.value();
          it.forEachRemaining(b -> b.accumulate(cf, kk, acc));
          return List.of(acc).iterator();
        }).collect().toArray(double[][]::new);
      } finally {
        bc.destroy();
      }
    }

    /**
     * Writes the original coefficients of the variables x into {@code out} (d x k feature-major,
     * then k intercepts: beta = b / std, intercept - sum_j beta_j mean_j over j ascending).
     */
    void toOriginal(double[] x, double[] out) {
      int d = mean.length;
      int icpt = d * k;
      System.arraycopy(x, icpt, out, icpt, k);
      for (int j = 0; j < d; j++) {
        if (std[j] != 0) {
          for (int c = 0; c < k; c++) {
            double b = x[j * k + c] / std[j];
            out[j * k + c] = b;
            out[icpt + c] -= b * mean[j];
          }
        } else {
          Arrays.fill(out, j * k, j * k + k, 0);
        }
      }
    }

    /** The model's {coefficients row-major by class (k x d), intercepts}, multinomial intercepts centred as MLlib's. */
    double[][] original(double[] x) {
      int d = mean.length;
      double[] o = new double[d * k + k];
      toOriginal(x, o);
      double[] icpt = Arrays.copyOfRange(o, d * k, d * k + k);
      double[] rowMajor = new double[k * d];
      for (int j = 0; j < d; j++) {
        for (int c = 0; c < k; c++) {
          rowMajor[c * d + j] = o[j * k + c];
        }
      }
      if (k > 1) {
        double m = Arrays.stream(icpt).sum() / k;
        for (int c = 0; c < k; c++) {
          icpt[c] -= m;
        }
        if (regParam == 0) {
          // without a penalty the softmax coefficients are defined up to a constant per feature: MLlib centres them
          for (int j = 0; j < d; j++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
              s += rowMajor[c * d + j];
            }
            for (int c = 0; c < k; c++) {
              rowMajor[c * d + j] -= s / k;
            }
          }
        }
      }
      return new double[][] {rowMajor, icpt};
    }

    @Override
    public double evaluate(double[] x, double[] grad) {
      int d = mean.length;
      int len = d * k + k + 1;
      long t0 = System.nanoTime();
      double[][] parts;
      if (local) {
        toOriginal(x, coefBuf);
        parts = localPass();
      } else {
        double[] coef = new double[d * k + k];
        toOriginal(x, coef);
        parts = broadcastPass(coef, len);
      }
      passNanos += System.nanoTime() - t0;
      evaluations++;
      // the partitions' sums in partition order, into zeros: whatever ran them, the same additions
      double[] acc = sumBuf;
      Arrays.fill(acc, 0);
      for (double[] p : parts) {
        for (int i = 0; i < len; i++) {
          acc[i] += p[i];
        }
      }
      double loss = acc[len - 1] / weight;
      double reg = 0;
      for (int j = 0; j < d; j++) {
        for (int c = 0; c < k; c++) {
          int i = j * k + c;
          if (std[j] != 0) {
            grad[i] = (acc[i] - mean[j] * acc[d * k + c]) / std[j] / weight;
            double t = x[i] / (std[j] * std[j]);
            reg += x[i] * t;
            grad[i] += regParam * t;
          }
        }
      }
      for (int c = 0; c < k; c++) {
        grad[d * k + c] = acc[d * k + c] / weight;
      }
      return loss + 0.5 * regParam * reg;
    }
  }
}
