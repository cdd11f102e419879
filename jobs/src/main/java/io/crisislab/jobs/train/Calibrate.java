package io.crisislab.jobs.train;

import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.CalibrationFit;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 * the driver ({@link CalibrationFit}), where the held-out pairs already are. With
 * {@link CalibrationMethod#HELD_OUT} the method is chosen by {@link #crossFittedEce}; with
 * {@link CalibrationMethod#FORWARD} the method and the blocks its map is fitted on are chosen forward
 * in time ({@link ForwardCalibration}).
 *
 * @param pipeline the chosen map as a Spark pipeline (p_negative_raw to p_negative)
 * @param map the same map for the scorer file
 * @param tried every method's map, by wire name
 * @param threshold the operating threshold on calibrated p_negative
 * @param crossFittedEce each fitted method's {@link #crossFittedEce}, by wire name
 * @param forward with {@link CalibrationMethod#FORWARD}, every candidate judged forward and the chosen one; else null
 * @param priorShift with {@code --prior-shift}, the chosen map's prior-shift adjustment judged forward; else null
 */
record Calibrate(PipelineModel pipeline, Calibration map, Map<String, Calibration> tried, double threshold,
    Map<String, Double> crossFittedEce, ForwardCalibration forward, PriorShiftCheck priorShift) {
  /**
   * The map for the scorer file: {@link #map}, with the prior-shift record when {@code --prior-shift}
   * was adopted (the file is then format version 5, and a live tool adjusts each period to its prior).
   */
  Calibration exported() {
    return priorShift != null && priorShift.adopted() ? map.withPriorShift(priorShift.shift()) : map;
  }

  /** The methods {@link CalibrationMethod#HELD_OUT} chooses from, in order of preference on a tie. */
  private static final List<CalibrationMethod> CHOOSABLE = List.of(CalibrationMethod.PLATT, CalibrationMethod.ISOTONIC);

  static Calibrate fit(SparkSession spark, TrainJob.Config c, HeldOut ho) {
    Map<String, Calibration> tried = new LinkedHashMap<>();
    Map<String, Double> crossFitted = new LinkedHashMap<>();
    for (CalibrationMethod m : CalibrationMethod.values()) {
      if (m != CalibrationMethod.HELD_OUT && m != CalibrationMethod.FORWARD) {
        tried.put(m.toString(), map(m, ho.p(), ho.y(), null));
        crossFitted.put(m.toString(), crossFittedEce(m, ho));
      }
    }
    ForwardCalibration forward = c.calibration() == CalibrationMethod.FORWARD ? ForwardCalibration.choose(ho) : null;
    Calibration chosen = switch (c.calibration()) {
      case FORWARD -> forward.chosen().map();
      case HELD_OUT -> tried.get(CHOOSABLE.stream().min(Comparator.comparingDouble(m -> crossFitted.get(m.toString())))
          .orElseThrow().toString());
      default -> tried.get(c.calibration().toString());
    };
    double[] calibrated = Arrays.stream(ho.p()).map(chosen::apply).toArray();
    PriorShiftCheck priorShift = c.priorShift() ? PriorShiftCheck.judge(ho, chosen,
        forward != null ? forward.chosen().window() : ForwardCalibration.Window.ALL) : null;
    return new Calibrate(pipeline(spark, chosen), chosen, tried, c.thresholdRule().choose(calibrated, ho.y()),
        crossFitted, forward, priorShift);
  }

  /**
   * The map of {@code method} fitted on raw probabilities p and outcomes y, each pair weighted by
   * {@code w} (null: every pair 1). {@link CalibrationMethod#HELD_OUT} and
   * {@link CalibrationMethod#FORWARD} are choices between maps, not maps.
   */
  static Calibration map(CalibrationMethod method, double[] p, boolean[] y, double[] w) {
    return switch (method) {
      case ISOTONIC -> CalibrationFit.isotonic(p, y, w);
      case PLATT -> CalibrationFit.platt(p, y, w);
      case NONE -> Calibration.none();
      case HELD_OUT, FORWARD -> throw new IllegalArgumentException(method + " is a choice between maps, not a map");
    };
  }

  /**
   * ECE (10 bins) of the held-out predictions, each calibrated by the map of {@code method} fitted
   * on the other folds' predictions only, so that no prediction judges a map fitted on it (the ECE
   * of a map on the predictions it was fitted on favours isotonic, which reproduces them). With one
   * fold (a given validation set) the two halves of the posts in p order (alternate posts) calibrate
   * each other. Time-blocked folds: the map of the other periods judged on a period it did not see,
   * as the final map (fitted on all of them) meets the test period. NaN for a single held-out post.
   */
  static double crossFittedEce(CalibrationMethod method, HeldOut ho) {
    int n = ho.p().length;
    int[] part = Arrays.stream(ho.fold()).distinct().count() > 1 ? ho.fold()
        : IntStream.range(0, n).map(i -> i % 2).toArray();
    double[] q = new double[n];
    for (int k : Arrays.stream(part).distinct().toArray()) {
      int fk = k;
      int[] fitOn = IntStream.range(0, n).filter(i -> part[i] != fk).toArray();
      if (fitOn.length == 0) {
        return Double.NaN; // a single held-out post: nothing to fit a map on for it
      }
      Calibration m = map(method, Bootstrap.pick(ho.p(), fitOn), Bootstrap.pick(ho.y(), fitOn), null);
      for (int i = 0; i < n; i++) {
        if (part[i] == k) {
          q[i] = m.apply(ho.p()[i]);
        }
      }
    }
    return Evaluation.ece(q, ho.y(), 10);
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
