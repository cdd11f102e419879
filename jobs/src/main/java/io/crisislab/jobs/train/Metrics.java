package io.crisislab.jobs.train;

import io.crisislab.jobs.model.TrainMetrics;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.PriorShift;
import io.crisislab.models.stats.Bootstrap;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.stats.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Builds {@code metrics.json} ({@link TrainMetrics}: camelCase keys, format version 2) from the scored test rows (see {@code data/schemas/scorer.md} for
 * every field). Row layout: post_id, text, brand, channel, label_idx, p_negative_raw, p_negative,
 * is_negative, predicted_idx, reason, negative_reason, reason_pred_any.
 */
final class Metrics {
  private Metrics() {}

  /** Truth "negative" per row. */
  static boolean[] truthNegative(List<Row> rows, boolean binary) {
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      double idx = rows.get(i).getDouble(4);
      y[i] = binary ? idx == 1.0 : idx == 0.0;
    }
    return y;
  }

  /** True class index per row. */
  static int[] truth(List<Row> rows) {
    return rows.stream().mapToInt(r -> (int) r.getDouble(4)).toArray();
  }

  /** Predicted class per row: three-class by argmax of the class probabilities; binary at the threshold. */
  static int[] predicted(List<Row> rows, boolean binary) {
    return rows.stream().mapToInt(r -> binary ? (r.getBoolean(7) ? 1 : 0) : r.getInt(8)).toArray();
  }

  static double[] column(List<Row> rows, int k) {
    double[] p = new double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(i).getDouble(k);
    }
    return p;
  }

  static Map<String, Object> build(TrainJob.Config c, List<Row> rows, double threshold, long nTrain, Search search,
      Search.Candidate best, String splitDesc, Calibrate calibrate, Reasons reasons, RunContext ctx) {
    boolean binary = c.binary();
    List<String> classNames = c.task().classes();
    HeldOut ho = best.heldOut();
    boolean[] y = truthNegative(rows, binary);
    double[] pRaw = column(rows, 5);
    double[] p = column(rows, 6);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(TrainMetrics.VERSION_KEY, TrainMetrics.FORMAT_VERSION);
    m.put("task", c.task().toString());
    m.put("learner", c.learner().toString());
    m.putAll(binaryBlock(p, y, threshold));
    // classification metrics: three-class by argmax of the class probabilities; binary at the threshold
    int k = classNames.size();
    int[] truth = truth(rows);
    int[] pred = predicted(rows, binary);
    long[][] cm = Evaluation.confusion(truth, pred, k);
    m.put("macroRecall", Evaluation.macro(Evaluation.recalls(cm), cm));
    m.put("macroF1", Evaluation.macro(Evaluation.f1s(cm), cm));
    m.put("accuracy", Evaluation.accuracy(cm));
    m.put("eceBeforeCalibration", Evaluation.ece(pRaw, y, 10));
    m.put("bootstrap", intervals(truth, pred, k, p, y, ctx.seed("bootstrap")));
    if (c.peerPredictions() != null) {
      ctx.input(c.peerPredictions());
      m.put("peer", peer(c.peerPredictions(), rows, truth, pred, classNames, ctx.seed("bootstrap")));
    }
    m.put("threshold", threshold);
    m.put("thresholdRule", c.thresholdRule().describe());
    m.put("nTrain", nTrain);
    m.put("nTest", rows.size());
    m.put("negativeShareTest", share(y));
    m.put("confusionMatrix", Evaluation.confusionJson(classNames, cm));
    if (!binary) {
      int[] negPred = new int[rows.size()];
      int[] negTruth = new int[rows.size()];
      for (int i = 0; i < y.length; i++) {
        negTruth[i] = y[i] ? 1 : 0;
        negPred[i] = rows.get(i).getBoolean(7) ? 1 : 0;
      }
      m.put("negativeVsRestConfusionMatrix", Evaluation.confusionJson(List.of("rest", "negative"),
          Evaluation.confusion(negTruth, negPred, 2)));
    }
    m.put("split", splitDesc);

    Map<String, Object> cal = new LinkedHashMap<>();
    cal.put("method", calibrate.map().method());
    cal.put("chosenBy", switch (c.calibration()) {
      case HELD_OUT -> "lowest cross-fitted held-out ECE (each fold's predictions calibrated by the map fitted on the others')";
      case FORWARD -> "lowest forward held-out ECE (each time block calibrated by the map fitted on the blocks before it)";
      default -> "--calibration";
    });
    cal.put("fittedOn", search.heldOutDescription());
    cal.put("nHeldOut", ho.p().length);
    cal.put("eceBefore", Evaluation.ece(pRaw, y, 10));
    cal.put("eceAfter", Evaluation.ece(p, y, 10));
    Map<String, Object> tried = new LinkedHashMap<>();
    for (Map.Entry<String, Calibration> e : calibrate.tried().entrySet()) {
      double[] q = new double[pRaw.length];
      double[] hq = new double[ho.p().length];
      for (int i = 0; i < q.length; i++) {
        q[i] = e.getValue().apply(pRaw[i]);
      }
      for (int i = 0; i < hq.length; i++) {
        hq[i] = e.getValue().apply(ho.p()[i]);
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("eceHeldOut", Evaluation.ece(hq, ho.y(), 10));
      t.put("eceHeldOutCrossFitted", Stats.fin(calibrate.crossFittedEce().get(e.getKey())));
      t.put("eceTest", Evaluation.ece(q, y, 10));
      tried.put(e.getKey(), t);
    }
    cal.put("tried", tried);
    if (calibrate.forward() != null) {
      cal.put("forward", forward(calibrate.forward(), pRaw, y));
    }
    if (calibrate.priorShift() != null) {
      cal.put("priorShift", priorShift(calibrate.priorShift(), p, y, threshold, ctx.seed("bootstrap")));
    }
    m.put("calibration", cal);

    List<Object> table = new ArrayList<>();
    for (double t : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, threshold}) {
      Evaluation.PrecisionRecall pr = Evaluation.at(p, y, t);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("threshold", t);
      r.put("precision", pr.precision());
      r.put("recall", pr.recall());
      r.put("flaggedShare", pr.flagged() / (double) p.length);
      table.add(r);
    }
    m.put("thresholdTable", table);

    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("metric", search.metricName());
    hp.put("heldOut", search.heldOutDescription());
    List<Object> grid = new ArrayList<>();
    for (Search.Candidate cand : search.candidates) {
      Map<String, Object> g = features(cand.features());
      g.put("regParam", cand.regParam());
      g.put("classWeights", cand.weights().toString());
      g.put("heldOutScore", cand.score());
      grid.add(g);
    }
    hp.put("grid", grid);
    Map<String, Object> chosen = features(best.features());
    chosen.put("regParam", best.regParam());
    chosen.put("classWeights", best.weights().toString());
    if (best.features().ngrams()) {
      chosen.put("charVocab", c.charVocab());
      chosen.put("wordNgrams", "1-2");
      chosen.put("minDf", c.minDf());
    }
    hp.put("chosen", chosen);
    m.put("hyperparameters", hp);

    m.put("perBrand", breakdown(rows, y, p, threshold, 2));
    m.put("perChannel", breakdown(rows, y, p, threshold, 3));

    if (reasons != null) {
      List<String> labels = reasons.labels();
      List<Integer> t = new ArrayList<>();
      List<Integer> pr = new ArrayList<>();
      for (Row r : rows) {
        String truthReason = r.isNullAt(10) ? null : reasons.labelOf(r.getString(10));
        if (truthReason != null && labels.contains(truthReason) && !r.isNullAt(11)) {
          t.add(labels.indexOf(truthReason));
          pr.add(labels.indexOf(r.getString(11)));
        }
      }
      long[][] rcm = Evaluation.confusion(t.stream().mapToInt(Integer::intValue).toArray(),
          pr.stream().mapToInt(Integer::intValue).toArray(), labels.size());
      double[] f1 = Evaluation.f1s(rcm);
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("macroF1", Evaluation.macro(f1, rcm));
      rm.put("accuracy", Evaluation.accuracy(rcm));
      rm.put("nTrain", reasons.nTrain());
      rm.put("nTest", t.size());
      rm.put("evaluatedOn", "test posts labelled negative with a reason (the tagger's answer for each)");
      Map<String, Double> per = new LinkedHashMap<>();
      for (int i = 0; i < labels.size(); i++) {
        per.put(labels.get(i), f1[i]);
      }
      rm.put("f1PerReason", per);
      rm.put("minSupport", Reasons.MIN_SUPPORT);
      rm.put("tooFewExamples", reasons.mergedNotes());
      rm.put("confusionMatrix", Evaluation.confusionJson(labels, rcm));
      m.put("reasons", rm);
    }
    m.put("seed", ctx.seed());
    return m;
  }

  /**
   * This model against a peer's predictions for the same test posts: both macro recalls and the
   * paired bootstrap 95% interval of (ours - peer), same resamples as {@link #intervals}; "better"
   * only when that interval lies above 0.
   */
  static Map<String, Object> peer(Path csv, List<Row> rows, int[] truth, int[] pred, List<String> classNames, long seed) {
    Map<String, Integer> byId = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new DataException(csv + ": cannot read peer predictions: " + e.getMessage(), e);
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      int k = f.length == 2 ? classNames.indexOf(f[1].trim()) : -1;
      if (k < 0) {
        throw new DataException(csv + ": row " + (i + 1) + ": expected post_id,predicted_class with a class in "
            + classNames + ", got '" + lines.get(i) + "'");
      }
      byId.put(f[0].trim(), k);
    }
    int[] peer = new int[rows.size()];
    for (int i = 0; i < peer.length; i++) {
      Integer k = byId.get(rows.get(i).getString(0));
      if (k == null) {
        throw new DataException(csv + ": no prediction for test post_id " + rows.get(i).getString(0));
      }
      peer[i] = k;
    }
    int classes = classNames.size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("predictions", csv.toString());
    out.put("n", peer.length);
    out.put("peerMacroRecall", Bootstrap.interval(peer.length, Bootstrap.macroRecall(truth, peer, classes),
        Bootstrap.RESAMPLES, seed));
    Stats.Estimate d = Bootstrap.paired(peer.length, Bootstrap.macroRecall(truth, peer, classes),
        Bootstrap.macroRecall(truth, pred, classes), Bootstrap.RESAMPLES, seed);
    out.put("macroRecallMinusPeer", d);
    out.put("betterThanPeer", d.ci95Low() != null && d.ci95Low() > 0);
    return out;
  }

  /**
   * {@code calibration.forward}: every candidate (map family and window) with its forward held-out
   * ECE, which chose, and its final map's test ECE, reported after the choice.
   */
  static Map<String, Object> forward(ForwardCalibration f, double[] pRaw, boolean[] y) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("timeBlocks", f.blocks());
    out.put("nScored", f.nScored());
    out.put("scoredOn", "held-out time blocks 2 .. " + f.blocks() + ", each calibrated by the map fitted on the blocks before it");
    out.put("recencyDecayPerBlock", ForwardCalibration.DECAY);
    List<Object> cands = new ArrayList<>();
    for (ForwardCalibration.Candidate k : f.candidates()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("method", k.method().toString());
      e.put("window", k.window().toString());
      e.put("eceForward", Stats.fin(k.forwardEce()));
      e.put("eceTest", Evaluation.ece(Arrays.stream(pRaw).map(k.map()::apply).toArray(), y, 10));
      e.put("chosen", k == f.chosen());
      cands.add(e);
    }
    out.put("candidates", cands);
    out.put("chosen", f.chosen().describe());
    return out;
  }

  /**
   * {@code calibration.priorShift}: the forward judgement that adopts the adjustment or not, and on
   * test, whatever the rule said: the prior EM estimates from the test posts' calibrated p_negative
   * (their labels unused), the adjusted ECE with its interval (EM re-run in every resample, as the
   * adjustment is a function of the period) and its paired difference from the static ECE (the
   * same resamples as {@link #intervals}), and precision and recall at the threshold on the
   * adjusted probabilities.
   */
  static Map<String, Object> priorShift(PriorShiftCheck k, double[] p, boolean[] y, double threshold, long seed) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("method", "EM of Saerens, Latinne and Decaestecker (2002) on a period's calibrated p_negative, without its labels");
    out.put("adoptedBy", "adjusted forward ECE below the static one (held-out time blocks 2 .. B, each calibrated by the map of the blocks before it)");
    out.put("eceForwardStatic", k.staticEce());
    out.put("eceForwardAdjusted", k.adjustedEce());
    out.put("nScored", k.nScored());
    out.put("blocks", k.blocks());
    out.put("adopted", k.adopted());
    PriorShift s = k.shift();
    out.put("trainPrior", s.trainPrior());
    PriorShift.Estimate e = s.estimate(p);
    double[] q = Arrays.stream(p).map(v -> s.adjust(v, e.prior())).toArray();
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("estimatedPrior", e.prior());
    test.put("emIterations", e.iterations());
    test.put("observedShare", share(y));
    test.put("eceStatic", Evaluation.ece(p, y, 10));
    Bootstrap.Statistic adjusted = rows -> Evaluation.ece(s.adapt(Bootstrap.pick(p, rows)), Bootstrap.pick(y, rows), 10);
    test.put("eceAdjusted", Bootstrap.interval(p.length, adjusted, Bootstrap.RESAMPLES, seed));
    test.put("eceAdjustedMinusStatic", Bootstrap.paired(p.length, Bootstrap.ece(p, y), adjusted, Bootstrap.RESAMPLES, seed));
    Evaluation.PrecisionRecall pr = Evaluation.at(q, y, threshold);
    test.put("negativePrecisionAdjusted", pr.precision());
    test.put("negativeRecallAdjusted", pr.recall());
    out.put("test", test);
    return out;
  }

  /** A grid point's feature settings: kind (ngrams, ngrams+embedding, embedding) and its parameters. */
  static Map<String, Object> features(Search.FeatureSpec f) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("features", f.kind());
    if (f.ngrams()) {
      g.put("wordVocab", f.wordVocab());
      g.put("charNgrams", f.chars().min() + "-" + f.chars().max());
    }
    if (f.encoder() != null) {
      g.put("encoder", f.encoder().toString());
      g.put("blockWeight", f.blockWeight());
    }
    return g;
  }

  /**
   * Percentile bootstrap 95% intervals of test macro recall, AUC (negative vs rest, calibrated p)
   * and ECE, all from the same {@value Bootstrap#RESAMPLES} resamples of the test posts.
   */
  static Map<String, Object> intervals(int[] truth, int[] pred, int classes, double[] p, boolean[] y, long seed) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("resamples", Bootstrap.RESAMPLES);
    b.put("seed", seed);
    b.put("macroRecall", Bootstrap.interval(truth.length, Bootstrap.macroRecall(truth, pred, classes),
        Bootstrap.RESAMPLES, seed));
    b.put("aucRoc", Bootstrap.interval(p.length, Bootstrap.aucRoc(p, y), Bootstrap.RESAMPLES, seed));
    b.put("ece", Bootstrap.interval(p.length, Bootstrap.ece(p, y), Bootstrap.RESAMPLES, seed));
    return b;
  }

  /** Threshold-free and threshold metrics of p_negative for "negative" as the positive class. */
  static Map<String, Object> binaryBlock(double[] p, boolean[] y, double threshold) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aucRoc", Evaluation.aucRoc(p, y));
    m.put("aucPr", Evaluation.aucPr(p, y));
    Evaluation.PrecisionRecall pr = Evaluation.at(p, y, threshold);
    m.put("negativePrecision", pr.precision());
    m.put("negativeRecall", pr.recall());
    m.put("ece", Evaluation.ece(p, y, 10));
    return m;
  }

  static double share(boolean[] y) {
    long k = 0;
    for (boolean b : y) {
      k += b ? 1 : 0;
    }
    return y.length == 0 ? Double.NaN : k / (double) y.length;
  }

  /** Per value of column {@code col} (brand or channel) with >= 20 test posts. */
  static Map<String, Object> breakdown(List<Row> rows, boolean[] y, double[] p, double threshold, int col) {
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (!r.isNullAt(col)) {
        groups.computeIfAbsent(r.getString(col), x -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      List<Integer> idx = g.getValue();
      if (idx.size() < 20 || groups.size() < 2) {
        continue;
      }
      double[] gp = idx.stream().mapToDouble(i -> p[i]).toArray();
      boolean[] gy = new boolean[idx.size()];
      for (int j = 0; j < gy.length; j++) {
        gy[j] = y[idx.get(j)];
      }
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("nTest", idx.size());
      b.put("negativeShare", share(gy));
      b.putAll(binaryBlock(gp, gy, threshold));
      out.put(Objects.toString(g.getKey()), b);
    }
    return out;
  }
}
