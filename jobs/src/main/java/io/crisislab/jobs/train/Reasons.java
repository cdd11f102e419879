package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The reason tagger: multinomial LR over the same features, fitted on negative training posts with
 * a reason (none when fewer than 2 reasons or 20 such posts).
 */
record Reasons(LogisticRegressionModel model, List<String> labels, long nTrain) {
  static Reasons fit(TrainJob.Config c, Dataset<Row> trainF, double regParam) {
    Dataset<Row> neg = trainF.filter(col(TrainingData.Y).equalTo(1.0).and(col(PostColumns.NEGATIVE_REASON).isNotNull()));
    List<String> labels = neg.select(PostColumns.NEGATIVE_REASON).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
    long n = neg.count();
    if (labels.size() < 2 || n < 20) {
      return null;
    }
    Column idx = lit(-1.0);
    for (int i = labels.size() - 1; i >= 0; i--) {
      idx = when(col(PostColumns.NEGATIVE_REASON).equalTo(labels.get(i)), (double) i).otherwise(idx);
    }
    LogisticRegressionModel m = new LogisticRegression().setFeaturesCol(FeaturePipeline.FEATURES)
        .setLabelCol("reason_idx").setFamily("multinomial").setRegParam(Math.max(regParam, 1e-4))
        .setStandardization(false).setMaxIter(c.maxIter()).setPredictionCol("reason_prediction")
        .setRawPredictionCol("reason_raw").setProbabilityCol("reason_probability")
        .fit(neg.withColumn("reason_idx", idx));
    return new Reasons(m, labels, n);
  }
}
