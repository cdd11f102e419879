package io.crisislab.jobs.train;

import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Calibration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The calibration step: every calibration map fitted on the held-out predictions (the chosen one
 * is used, the others are reported in metrics.json), and the operating threshold chosen on the
 * calibrated held-out predictions by the config's {@link ThresholdRule}.
 *
 * @param pipeline the chosen map as a Spark pipeline (p_negative_raw to p_negative)
 * @param map the same map for the scorer file
 * @param tried every method's map, by wire name
 * @param threshold the operating threshold on calibrated p_negative
 */
record Calibrate(PipelineModel pipeline, Calibration map, Map<String, Calibration> tried, double threshold) {

  /** One fitted calibration: the Spark stage and the same map for the scorer file. */
  private record Fitted(PipelineModel pipeline, Calibration map) {}

  static Calibrate fit(SparkSession spark, TrainJob.Config c, HeldOut ho) {
    Dataset<Row> heldOut = spark.createDataFrame(ho.rows(), new StructType()
        .add(TrainedModel.P_RAW, DataTypes.DoubleType).add(TrainingData.Y, DataTypes.DoubleType));
    Map<String, Calibration> tried = new LinkedHashMap<>();
    Fitted chosen = null;
    for (CalibrationMethod m : CalibrationMethod.values()) {
      Fitted f = fit(m, heldOut);
      tried.put(m.toString(), f.map());
      if (m == c.calibration()) {
        chosen = f;
      }
    }
    double[] calibrated = Arrays.stream(ho.p()).map(chosen.map()::apply).toArray();
    return new Calibrate(chosen.pipeline(), chosen.map(), tried, c.thresholdRule().choose(calibrated, ho.y()));
  }

  /**
   * Fits a calibration map on held-out (p_raw, y) pairs with MLlib: isotonic regression, or Platt
   * scaling (a one-feature logistic regression on logit(p_raw)), or none.
   */
  private static Fitted fit(CalibrationMethod method, Dataset<Row> heldOut) {
    String pRaw = TrainedModel.P_RAW;
    return switch (method) {
      case ISOTONIC -> {
        IsotonicRegressionModel iso = new IsotonicRegression().setFeaturesCol(pRaw).setLabelCol(TrainingData.Y)
            .setPredictionCol(PostColumns.P_NEGATIVE).setIsotonic(true).fit(heldOut);
        yield new Fitted(pipeline(iso, heldOut),
            Calibration.isotonic(iso.boundaries().toArray(), iso.predictions().toArray()));
      }
      case PLATT -> {
        String logit = "ln(greatest(least(" + pRaw + ", 1 - 1e-12), 1e-12) / (1 - greatest(least(" + pRaw
            + ", 1 - 1e-12), 1e-12)))";
        Dataset<Row> withLogit = new VectorAssembler().setInputCols(new String[] {"_logit"}).setOutputCol("_platt_x")
            .transform(heldOut.withColumn("_logit", functions.expr(logit)));
        LogisticRegressionModel lr = new LogisticRegression().setFeaturesCol("_platt_x").setLabelCol(TrainingData.Y)
            .setRegParam(0).setStandardization(false).setMaxIter(100).fit(withLogit);
        double a = lr.coefficients().apply(0);
        double b = lr.intercept();
        SQLTransformer apply = new SQLTransformer().setStatement("SELECT *, " + TextUdfs.SIGMOID + "(CAST('"
            + a + "' AS DOUBLE) * " + logit + " + CAST('" + b + "' AS DOUBLE)) AS " + PostColumns.P_NEGATIVE
            + " FROM __THIS__");
        yield new Fitted(pipeline(apply, heldOut), Calibration.platt(a, b));
      }
      case NONE -> new Fitted(pipeline(new SQLTransformer().setStatement("SELECT *, " + pRaw + " AS "
          + PostColumns.P_NEGATIVE + " FROM __THIS__"), heldOut), Calibration.none());
    };
  }

  private static PipelineModel pipeline(PipelineStage stage, Dataset<Row> schemaOf) {
    return new Pipeline().setStages(new PipelineStage[] {stage}).fit(schemaOf.limit(0));
  }
}
