package io.crisislab.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.stats.Evaluation;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Held-out predictions (validation set or out-of-fold), in ascending p order: raw p_negative, truth
 * (negative or not) and, for three-class, predicted and true class; each post's key (post_id, text
 * hash and label: post ids repeat in some data sets, and exact repeats predict alike) and raw class
 * probabilities (null for a learner without them), so that two models' predictions of the same
 * posts can be paired (the cascade); and the fold each prediction was held out from ({@code fold},
 * 0 for a validation set). The search scores grid points on them; the calibration and the
 * threshold are fitted on the chosen point's.
 */
record HeldOut(double[] p, boolean[] y, int[] truth, int[] predicted, String[] ids, double[][] probs, int[] fold) {
  static HeldOut collect(Dataset<Row> predicted) {
    boolean hasProbs = Arrays.asList(predicted.columns()).contains("probability");
    boolean hasFolds = Arrays.asList(predicted.columns()).contains("_fold");
    List<Row> rows = predicted.select(col(TrainedModel.P_RAW), col(TrainingData.Y), col(TrainingData.LABEL_IDX),
        col("prediction"),
        // post_id is not unique in every data set (the airline file repeats a few tweet ids)
        concat_ws("\u0001", col(PostColumns.POST_ID), xxhash64(col(PostColumns.TEXT)).cast("string"),
            col(TrainingData.LABEL_IDX).cast("string")),
        hasProbs ? vector_to_array(col("probability"), "float64") : lit(null),
        hasFolds ? col("_fold").cast("int") : lit(0))
        .orderBy(col(TrainedModel.P_RAW)).collectAsList();
    int n = rows.size();
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    int[] t = new int[n];
    int[] pr = new int[n];
    String[] ids = new String[n];
    double[][] probs = new double[n][];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      p[i] = r.getDouble(0);
      y[i] = r.getDouble(1) == 1.0;
      t[i] = (int) r.getDouble(2);
      pr[i] = (int) r.getDouble(3);
      ids[i] = r.getString(4);
      if (hasProbs) {
        probs[i] = r.<Double>getList(5).stream().mapToDouble(Double::doubleValue).toArray();
      }
      fold[i] = r.getInt(6);
    }
    return new HeldOut(p, y, t, pr, ids, probs, fold);
  }

  /** The search's selection metric: AUC-ROC (binary) or macro recall (three-class). */
  double score(TrainJob.Config c) {
    if (c.binary()) {
      return Evaluation.aucRoc(p, y);
    }
    long[][] cm = Evaluation.confusion(truth, predicted, 3);
    return Evaluation.macro(Evaluation.recalls(cm), cm);
  }
}
