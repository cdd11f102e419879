package io.crisislab.jobs.train;

import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.CalibrationFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The calibration step: every calibration map fitted on the held-out predictions (the chosen one
 * is used, the others are reported in metrics.json), and the operating threshold chosen on the
 * calibrated held-out predictions by the config's {@link ThresholdRule}. The maps are fitted on
 * the driver ({@link CalibrationFit}), where the held-out pairs already are.
 *
 * @param pipeline the chosen map as a Spark pipeline (p_negative_raw to p_negative)
 * @param map the same map for the scorer file
 * @param tried every method's map, by wire name
 * @param threshold the operating threshold on calibrated p_negative
 */
record Calibrate(PipelineModel pipeline, Calibration map, Map<String, Calibration> tried, double threshold) {
  static Calibrate fit(SparkSession spark, TrainJob.Config c, HeldOut ho) {
    Map<String, Calibration> tried = new LinkedHashMap<>();
    for (CalibrationMethod m : CalibrationMethod.values()) {
      tried.put(m.toString(), switch (m) {
        case ISOTONIC -> CalibrationFit.isotonic(ho.p(), ho.y());
        case PLATT -> CalibrationFit.platt(ho.p(), ho.y());
        case NONE -> Calibration.none();
      });
    }
    Calibration chosen = tried.get(c.calibration().toString());
    double[] calibrated = Arrays.stream(ho.p()).map(chosen::apply).toArray();
    return new Calibrate(pipeline(spark, chosen), chosen, tried, c.thresholdRule().choose(calibrated, ho.y()));
  }

  /**
   * The map as a Spark stage (p_negative_raw to p_negative). Platt and none are SQL over the
   * column; isotonic is MLlib's IsotonicRegressionModel, fitted on the map's own knots: they are
   * already pooled (strictly increasing between blocks, equal at a block's two ends), so MLlib's
   * pool adjacent violators returns exactly these boundaries and predictions.
   */
  private static PipelineModel pipeline(SparkSession spark, Calibration map) {
    String pRaw = TrainedModel.P_RAW;
    StructType schema = new StructType().add(pRaw, DataTypes.DoubleType).add(TrainingData.Y, DataTypes.DoubleType);
    return switch (map.method()) {
      case Calibration.ISOTONIC -> {
        List<Row> knots = new ArrayList<>();
        for (int i = 0; i < map.boundaries().length; i++) {
          knots.add(RowFactory.create(map.boundaries()[i], map.predictions()[i]));
        }
        IsotonicRegressionModel iso = new IsotonicRegression().setFeaturesCol(pRaw).setLabelCol(TrainingData.Y)
            .setPredictionCol(PostColumns.P_NEGATIVE).setIsotonic(true).fit(spark.createDataFrame(knots, schema));
        if (!Arrays.equals(iso.boundaries().toArray(), map.boundaries())
            || !Arrays.equals(iso.predictions().toArray(), map.predictions())) {
          throw new IllegalStateException("MLlib's isotonic model differs from the fitted map's knots");
        }
        yield pipeline(iso, spark.createDataFrame(List.of(), schema));
      }
      case Calibration.PLATT -> {
        String logit = "ln(greatest(least(" + pRaw + ", 1 - 1e-12), 1e-12) / (1 - greatest(least(" + pRaw
            + ", 1 - 1e-12), 1e-12)))";
        yield pipeline(new SQLTransformer().setStatement("SELECT *, " + TextUdfs.SIGMOID + "(CAST('" + map.a()
            + "' AS DOUBLE) * " + logit + " + CAST('" + map.b() + "' AS DOUBLE)) AS " + PostColumns.P_NEGATIVE
            + " FROM __THIS__"), spark.createDataFrame(List.of(), schema));
      }
      default -> pipeline(new SQLTransformer().setStatement("SELECT *, " + pRaw + " AS " + PostColumns.P_NEGATIVE
          + " FROM __THIS__"), spark.createDataFrame(List.of(), schema));
    };
  }

  private static PipelineModel pipeline(PipelineStage stage, Dataset<Row> schemaOf) {
    return new Pipeline().setStages(new PipelineStage[] {stage}).fit(schemaOf.limit(0));
  }
}
