package io.crisislab.jobs.model;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.ScorerFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A trained negativity classifier as a train run folder holds it, and the one owner of that layout
 * ({@code data/schemas/scorer.md}): {@code scorer.json} (the Spark-free scorer, {@link ScorerFile})
 * and the Spark models under {@code model/}: the classifier pipeline (features + learner), the
 * calibration pipeline (p_negative_raw to p_negative) and, when trained, the reason tagger. Written
 * by {@code train}, read by {@code score}, the bundle and the demo.
 *
 * @param meta the exported scorer (task, learner, threshold, class names)
 * @param classifier fitted features and learner
 * @param calibrator fitted calibration map
 * @param reasons the reason tagger, or null
 */
public record TrainedModel(ScorerFile meta, PipelineModel classifier, PipelineModel calibrator,
    LogisticRegressionModel reasons) {
  /** Sub-folders of a train run folder. */
  public static final String MODEL_DIR = "model";
  public static final String CLASSIFIER_DIR = "model/classifier";
  public static final String CALIBRATION_DIR = "model/calibration";
  public static final String REASONS_DIR = "model/reasons";
  /** Column holding the raw (uncalibrated) p_negative. */
  public static final String P_RAW = "p_negative_raw";

  /** Loads a train run folder (checks the scorer file's version first). */
  public static TrainedModel load(SparkSession spark, Path dir) {
    ScorerFile meta = ScorerFile.read(dir.resolve(ScorerFile.FILE_NAME));
    TextUdfs.register(spark);
    try {
      PipelineModel clf = PipelineModel.load(dir.resolve(CLASSIFIER_DIR).toString());
      PipelineModel cal = PipelineModel.load(dir.resolve(CALIBRATION_DIR).toString());
      LogisticRegressionModel r = Files.isDirectory(dir.resolve(REASONS_DIR))
          ? LogisticRegressionModel.load(dir.resolve(REASONS_DIR).toString()) : null;
      return new TrainedModel(meta, clf, cal, r);
    } catch (RuntimeException e) {
      throw new DataException(dir + ": cannot load the Spark model under " + MODEL_DIR + "/: " + e.getMessage(), e);
    }
  }

  /** Writes {@code scorer.json} and {@code model/} into run folder {@code dir}. */
  public void save(Path dir) {
    meta.write(dir.resolve(ScorerFile.FILE_NAME));
    try {
      classifier.write().save(dir.resolve(CLASSIFIER_DIR).toString());
      calibrator.write().save(dir.resolve(CALIBRATION_DIR).toString());
      if (reasons != null) {
        reasons.write().save(dir.resolve(REASONS_DIR).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model under " + dir.resolve(MODEL_DIR), e);
    }
  }

  /**
   * Adds {@code p_negative_raw}, {@code p_negative}, {@code is_negative} (at the model's threshold)
   * and {@code reason} (for negative posts, when the model tags reasons); with {@code keepDiagnostics}
   * also {@code predicted_idx}/{@code predicted_class} and {@code reason_pred_any} (the reason
   * tagger's answer for every post, used to evaluate it on truly negative posts).
   */
  public Dataset<Row> score(Dataset<Row> posts, boolean keepDiagnostics) {
    Dataset<Row> d = posts;
    for (String c : List.of(PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, PostColumns.REASON, P_RAW)) {
      if (Arrays.asList(d.columns()).contains(c)) {
        d = d.drop(c);
      }
    }
    d = classifier.transform(d).withColumn(P_RAW, pRawColumn(Learner.of(meta.learner()), Task.of(meta.task())));
    d = calibrator.transform(d);
    d = d.withColumn(PostColumns.IS_NEGATIVE, col(PostColumns.P_NEGATIVE).geq(meta.threshold()));
    Column[] names = meta.head().classes().stream().map(c -> lit(c)).toArray(Column[]::new);
    d = d.withColumn("predicted_idx", col("prediction").cast(DataTypes.IntegerType))
        .withColumn("predicted_class", element_at(array(names),
            col("predicted_idx").plus(1)));
    if (reasons != null && meta.reasons() != null) {
      Column[] rn = meta.reasons().classes().stream().map(c -> lit(c)).toArray(Column[]::new);
      d = reasons.transform(d).withColumn("reason_pred_any", element_at(array(rn),
          col("reason_prediction").cast(DataTypes.IntegerType).plus(1)));
      d = d.withColumn(PostColumns.REASON, when(col(PostColumns.IS_NEGATIVE), col("reason_pred_any")));
      d = d.drop("reason_raw", "reason_probability", "reason_prediction");
    } else {
      d = d.withColumn("reason_pred_any", lit(null).cast(DataTypes.StringType))
          .withColumn(PostColumns.REASON, lit(null).cast(DataTypes.StringType));
    }
    List<String> drop = new ArrayList<>(FeaturePipeline.INTERMEDIATE);
    drop.addAll(List.of("rawPrediction", "probability", "prediction"));
    if (!keepDiagnostics) {
      drop.addAll(List.of(P_RAW, "predicted_idx", "predicted_class", "reason_pred_any"));
    }
    return d.drop(drop.toArray(new String[0]));
  }

  /** Column expression of the raw p_negative for a frame the learner has transformed. */
  public static Column pRawColumn(Learner learner, Task task) {
    if (learner == Learner.LINEAR_SVC) {
      return callUDF(TextUdfs.SIGMOID, vector_to_array(col("rawPrediction"), "float64").getItem(1));
    }
    return vector_to_array(col("probability"), "float64").getItem(task == Task.BINARY ? 1 : 0);
  }
}
