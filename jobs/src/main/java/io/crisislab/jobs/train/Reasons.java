package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The reason tagger: multinomial LR over the same features, fitted on negative training posts with
 * a reason (none when fewer than 2 tags remain or 20 such posts). A reason with fewer than
 * {@link #MIN_SUPPORT} training posts cannot be learnt (it scored a silent F1 0.0 before): it is
 * merged into {@link #OTHER} for fitting and evaluation, and reported by name and count.
 *
 * @param labels the tagger's classes, sorted ({@link #OTHER} among them when anything was merged)
 * @param nTrain negative training posts with a reason
 * @param merged reasons merged into {@link #OTHER}, with their training counts
 */
record Reasons(LogisticRegressionModel model, List<String> labels, long nTrain, Map<String, Long> merged) {
  /** Least training posts a reason needs to be a class of its own. */
  static final int MIN_SUPPORT = 30;
  /**
   * The tagger's L-BFGS tolerance: MLlib's default, which it was always fitted with (the
   * classifier's {@link FeaturePipeline#FIT_TOL} is tighter).
   */
  static final double TOL = 1e-6;
  /** The class of merged reasons. */
  static final String OTHER = "other";

  /** The tagger's class for a raw reason tag: itself, or {@link #OTHER} when it was merged. */
  String labelOf(String reason) {
    return merged.containsKey(reason) ? OTHER : reason;
  }

  /** "not enough examples (n = k)" for each merged reason, for metrics.json and the model card. */
  Map<String, String> mergedNotes() {
    Map<String, String> out = new TreeMap<>();
    merged.forEach((r, n) -> out.put(r, "not enough examples (n = " + n + " < " + MIN_SUPPORT + "); merged into "
        + OTHER));
    return out;
  }

  /** The tagger's L2 penalty given the chosen classifier penalty (never below 1e-4). */
  static double penalty(double regParam) {
    return Math.max(regParam, 1e-4);
  }

  static Reasons fit(TrainJob.Config c, Dataset<Row> trainF, double regParam) {
    Dataset<Row> neg = trainF.filter(col(TrainingData.Y).equalTo(1.0).and(col(PostColumns.NEGATIVE_REASON).isNotNull()));
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : neg.groupBy(PostColumns.NEGATIVE_REASON).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> merged = new TreeMap<>();
    List<String> labels = new ArrayList<>();
    counts.forEach((reason, k) -> {
      if (k < MIN_SUPPORT && !reason.equals(OTHER)) {
        merged.put(reason, k);
      } else {
        labels.add(reason);
      }
    });
    if (!merged.isEmpty() && !labels.contains(OTHER)) {
      labels.add(OTHER);
    }
    labels.sort(null);
    if (labels.size() < 2 || n < 20) {
      return null;
    }
    Column idx = lit(-1.0);
    for (int i = labels.size() - 1; i >= 0; i--) {
      idx = when(col(PostColumns.NEGATIVE_REASON).equalTo(labels.get(i)), (double) i).otherwise(idx);
    }
    if (!merged.isEmpty()) {
      idx = when(col(PostColumns.NEGATIVE_REASON).isin(merged.keySet().toArray()), (double) labels.indexOf(OTHER))
          .otherwise(idx);
    }
    LogisticRegressionModel m = FeaturePipeline.logisticRegression("reason_idx", penalty(regParam), c.maxIter(), true)
        .setTol(TOL).setOutputCols("reason_prediction", "reason_raw", "reason_probability")
        .fit(neg.withColumn("reason_idx", idx));
    return new Reasons(m, List.copyOf(labels), n, Map.copyOf(merged));
  }
}
