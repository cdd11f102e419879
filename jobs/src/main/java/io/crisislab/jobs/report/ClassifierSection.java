package io.crisislab.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.model.TrainMetrics;
import io.crisislab.jobs.run.RunInfo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The classifier card of a {@code train} run: headline metrics and calibration from
 * {@code metrics.json}, the confusion matrix, the threshold table, and — from the run's test-set
 * {@code predictions/} — ROC and precision-recall curves, the reliability diagram and the most
 * confident errors (text escaped, no handles). "Negative" is the positive class throughout.
 */
final class ClassifierSection {
  private ClassifierSection() {}

  /** Headline metric names as {@code metrics.json} spells them (summary.json uses the same names). */
  static final List<String> HEADLINE = List.of("aucRoc", "aucPr", "macroRecall", "macroF1", "accuracy",
      "negativePrecision", "negativeRecall", "ece", "eceBeforeCalibration", "threshold", "nTrain", "nTest");

  /** Plain labels for the headline metrics (terms in docs/glossary.md). */
  static final Map<String, String> LABELS = Map.ofEntries(Map.entry("aucRoc", "AUC (ROC)"),
      Map.entry("aucPr", "AUC (precision-recall)"), Map.entry("macroRecall", "macro recall"),
      Map.entry("macroF1", "macro F1"), Map.entry("accuracy", "accuracy"),
      Map.entry("negativePrecision", "precision on negative posts"), Map.entry("negativeRecall", "recall on negative posts"),
      Map.entry("ece", "calibration error (ECE)"), Map.entry("eceBeforeCalibration", "calibration error before calibrating"),
      Map.entry("threshold", "threshold on p(negative)"), Map.entry("nTrain", "training posts"), Map.entry("nTest", "test posts"));

  static void render(SparkSession spark, Report r, RunInfo ri, int samplePosts) {
    JsonNode m = TrainMetrics.read(ri).orElse(null);
    if (m == null) {
      r.warn("train run " + ri.runId() + ": metrics.json missing");
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("Classifier " + ri.runId() + " (" + Report.text(m, "task") + ", " + Report.text(m, "learner") + ")");
    Map<String, Object> out = new LinkedHashMap<>();
    List<List<Object>> rows = new ArrayList<>();
    for (String k : HEADLINE) {
      Double v = Report.number(m, k);
      if (v != null) {
        rows.add(Arrays.asList(LABELS.getOrDefault(k, k), v));
        out.put(k, v);
      }
    }
    out.put("thresholdRule", Report.text(m, "thresholdRule"));
    out.put("split", Report.text(m, "split"));
    r.html.table(List.of("metric (test set)", "value"), rows);
    r.html.note("Split: " + Report.text(m, "split") + ". Threshold rule: " + Report.text(m, "thresholdRule")
        + ". Calibration: " + Report.text(m.get("calibration"), "method") + " fitted on "
        + Report.text(m.get("calibration"), "fittedOn") + ".");
    r.html.figs();
    confusion(r, m.get("confusionMatrix"), out);
    curves(spark, r, ri, out);
    r.html.endFigs();
    thresholdTable(r, m.get("thresholdTable"));
    JsonNode reasons = m.get("reasons");
    if (reasons != null && !reasons.isNull()) {
      Map<String, Double> f1 = Report.numberMap(reasons.get("f1PerReason"));
      r.html.p("Reason tagging: macro-F1 " + Html.num(Report.number(reasons, "macroF1")) + " on "
          + Html.num(Report.number(reasons, "nTest")) + " negative test posts with a reason");
      if (!f1.isEmpty()) {
        Map<String, Long> support = support(reasons.get("confusionMatrix"));
        List<String> names = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        f1.forEach((name, v) -> {
          Long n = support.get(name);
          names.add(n == null ? name : name + " (n = " + n + ")");
          if (v == null || v == 0.0) {
            empty.add(name + (n == null ? "" : " (n = " + n + ")"));
          }
        });
        r.html.chart(Charts.bars("Reason tagger F1 by reason (n = negative test posts with that reason)", "F1",
            names, new ArrayList<>(f1.values()), true));
        if (!empty.isEmpty()) {
          r.html.note("Empty bars: " + String.join(", ", empty) + " have F1 0: not enough examples for the tagger "
              + "to learn or to be judged on; treat their tags as unknown.");
        }
      }
      out.put("reasonsMacroF1", Report.number(reasons, "macroF1"));
    }
    errors(spark, r, ri, samplePosts);
    if (Files.exists(ri.file("model-card.html"))) {
      r.html.note("The full model card (features, search grid, per-brand breakdown) is "
          + ri.dir().getFileName() + "/model-card.html.");
    }
    r.jobRun("train", ri).putAll(out);
    r.classifier = out;
  }

  /** Test posts per true reason: the row sums of the reason tagger's confusion matrix. */
  private static Map<String, Long> support(JsonNode cm) {
    Map<String, Long> out = new LinkedHashMap<>();
    JsonNode labels = cm == null ? null : cm.get("labels");
    JsonNode grid = cm == null ? null : cm.get("rowsTrueColumnsPredicted");
    if (labels == null || grid == null || labels.size() != grid.size()) {
      return out;
    }
    for (int i = 0; i < labels.size(); i++) {
      long n = 0;
      for (JsonNode x : grid.get(i)) {
        n += x.asLong();
      }
      out.put(labels.get(i).asText(), n);
    }
    return out;
  }

  private static void confusion(Report r, JsonNode cm, Map<String, Object> out) {
    if (cm == null || !cm.has("labels")) {
      return;
    }
    List<String> labels = new ArrayList<>();
    cm.get("labels").forEach(l -> labels.add(l.asText()));
    JsonNode grid = cm.get("rowsTrueColumnsPredicted");
    double[][] v = new double[labels.size()][labels.size()];
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add("true " + labels.get(i));
      for (int j = 0; j < labels.size(); j++) {
        v[i][j] = grid.get(i).get(j).asDouble();
        row.add((long) v[i][j]);
      }
      rows.add(row);
    }
    List<String> head = new ArrayList<>();
    head.add("");
    labels.forEach(l -> head.add("predicted " + l));
    r.html.table(head, rows);
    out.put("confusionMatrix", Map.of("labels", labels, "rowsTrueColumnsPredicted", v));
  }

  private static void thresholdTable(Report r, JsonNode table) {
    if (table == null || !table.isArray()) {
      return;
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode t : table) {
      rows.add(Arrays.asList(Report.number(t, "threshold"), Report.number(t, "precision"), Report.number(t, "recall"),
          Report.number(t, "flaggedShare")));
    }
    r.html.p("Threshold table (test set; the last row is the operating threshold)");
    r.html.table(List.of("threshold", "precision", "recall", "flagged share"), rows);
  }

  /** ROC, PR and reliability from the test predictions (label, p_negative). */
  private static void curves(SparkSession spark, Report r, RunInfo ri, Map<String, Object> out) {
    Dataset<Row> pred = predictions(spark, ri);
    if (pred == null) {
      return;
    }
    List<Row> rows = pred.where(col("label").isNotNull()).select(col("p_negative"), col("label"))
        .limit(1_000_000).collectAsList();
    int n = rows.size();
    if (n < 2) {
      return;
    }
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      p[i] = rows.get(i).getDouble(0);
      y[i] = "negative".equals(rows.get(i).getString(1));
      pos += y[i] ? 1 : 0;
    }
    if (pos == 0 || pos == n) {
      return;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    List<Double> fx = new ArrayList<>(List.of(0.0));
    List<Double> fy = new ArrayList<>(List.of(0.0));
    List<Double> rx = new ArrayList<>();
    List<Double> ry = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (y[i]) {
        tp++;
      } else {
        fp++;
      }
      // one point per distinct score (ties move together)
      if (k == n - 1 || p[order[k + 1]] != p[i]) {
        fx.add(fp / (double) (n - pos));
        fy.add(tp / (double) pos);
        rx.add(tp / (double) pos);
        ry.add(tp / (double) (tp + fp));
      }
    }
    r.html.chart(Charts.lines("ROC (test set)", "false positive rate", "true positive rate",
        List.of(new Charts.Line("classifier", toArray(fx), toArray(fy))), true, List.of()));
    r.html.chart(Charts.lines("Precision-recall (test set)", "recall", "precision",
        List.of(new Charts.Line("classifier", toArray(rx), toArray(ry))), false, List.of()));
    double[] sumP = new double[10];
    double[] sumY = new double[10];
    int[] cnt = new int[10];
    for (int i = 0; i < n; i++) {
      int b = Math.min(9, (int) (p[i] * 10));
      sumP[b] += p[i];
      sumY[b] += y[i] ? 1 : 0;
      cnt[b]++;
    }
    List<Double> mx = new ArrayList<>();
    List<Double> my = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      if (cnt[b] > 0) {
        mx.add(sumP[b] / cnt[b]);
        my.add(sumY[b] / cnt[b]);
      }
    }
    r.html.chart(Charts.lines("Reliability (test set, 10 bins)", "mean predicted p_negative", "observed negative share",
        List.of(new Charts.Line("classifier", toArray(mx), toArray(my))), true, List.of()));
    out.put("nPredictions", n);
  }

  /** The most confident errors: false positives with the highest p_negative, false negatives with the lowest. */
  private static void errors(SparkSession spark, Report r, RunInfo ri, int k) {
    Dataset<Row> pred = predictions(spark, ri);
    if (pred == null || k == 0) {
      return;
    }
    List<Row> fp = pred.where(col("label").isNotNull().and(col("label").notEqual("negative")).and(col("is_negative")))
        .orderBy(col("p_negative").desc(), col("post_id")).select("p_negative", "label", "text").limit(k).collectAsList();
    List<Row> fn = pred.where(col("label").equalTo("negative").and(col("is_negative").equalTo(false)))
        .orderBy(col("p_negative").asc(), col("post_id")).select("p_negative", "label", "text").limit(k).collectAsList();
    List<List<Object>> rows = new ArrayList<>();
    for (Row x : fp) {
      rows.add(Arrays.asList("false positive", x.getDouble(0), x.getString(1), new Html.Post(x.getString(2))));
    }
    for (Row x : fn) {
      rows.add(Arrays.asList("false negative", x.getDouble(0), x.getString(1), new Html.Post(x.getString(2))));
    }
    if (!rows.isEmpty()) {
      r.html.p("Most confident errors on the test set (text as written; author handles never shown)");
      r.html.table(List.of("error", "p_negative", "label", "text"), rows);
    }
  }

  private static Dataset<Row> predictions(SparkSession spark, RunInfo ri) {
    if (spark == null || !Files.isDirectory(ri.file("predictions"))) {
      return null;
    }
    Dataset<Row> d = spark.read().parquet(ri.file("predictions").toString());
    List<String> cols = Arrays.asList(d.columns());
    return cols.containsAll(List.of("p_negative", "label", "is_negative", "text", "post_id")) ? d : null;
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
