package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.Cascade;
import io.crisislab.models.scorer.NegativityScorer;
import io.crisislab.models.scorer.ScorerFile;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.stats.Bootstrap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The live cascade of an encoder run: the n-gram-only model, searched on the same split and held-out
 * predictions by the same {@link Search} (the grid without the encoder), calibrated and thresholded
 * on its own held-out predictions; and the band of its uncertainty that goes to the encoder model,
 * chosen by {@link Cascade#chooseMargin} on the two models' paired out-of-fold predictions of the
 * training set so that the bootstrap lower bound of the cascade's share of the encoder model's
 * macro recall is at least {@value #KEEP}. The test set only reports it ({@link #evaluate}).
 *
 * @param ngram the n-gram model as a scorer file (the cascade's front)
 * @param model the same model in Spark, to score the test set
 * @param cascade the band and held-out figures, for the encoder model's scorer file
 * @param choice the band's choice (with the bootstrap lower bound of the ratio at it)
 * @param bandOn the held-out predictions the band was chosen on
 * @param chosen the n-gram model's grid point
 * @param metric the search's metric name, and the chosen point's held-out value
 */
record CascadeFit(ScorerFile ngram, TrainedModel model, Cascade cascade, Cascade.Choice choice, String bandOn,
    Search.Candidate chosen, String metric) {
  /** Share of the encoder model's macro recall the cascade must keep (bootstrap lower bound). */
  static final double KEEP = 0.99;
  /** Test posts whose cascade answer is checked against Spark's (those routed are embedded again). */
  static final int PARITY_POSTS = ScorerExport.ENCODER_PARITY_POSTS;

  /**
   * Fits the n-gram model and chooses the band. {@code full} is the encoder model's search and
   * {@code fullBest} its chosen point, {@code fullCal} its calibration; the n-gram search uses the
   * same fold seed, so both models' held-out predictions cover the same posts. The front's features
   * are the n-gram stages the encoder model's search fitted on the same training posts
   * ({@link Search#ngramStages}), not a second vocabulary fit.
   *
   * <p>The band is chosen on out-of-fold predictions of the training set: the searches' own held-out
   * predictions when they used folds; with a validation set, {@code --folds} extra fits of each
   * chosen point (the validation set still chooses everything else). The training set is larger
   * than a validation set (TweetEval: 45,615 posts against 2,000), so the bound is tighter and the
   * band narrower for the same guarantee.
   *
   * <p>The front has no reason tagger: it only answers whether a post is negative, and the encoder
   * model's tagger (fitted by the main run) names the reason of every negative post, as in batch
   * {@code score} ({@code NegativityScorer}).
   */
  static CascadeFit fit(SparkSession spark, TrainJob.Config c, Split split, Search full, Search.Candidate fullBest,
      Calibrate fullCal, RunContext ctx, long nTrain) {
    TrainJob.Config nc = c.withoutEncoder();
    ctx.progress().info("cascade: the n-gram-only model, same split and search without the encoder");
    Search search = Search.run(spark, nc, split.train(), split.val(), ctx.seed("folds"), ctx, trainF -> { },
        full.ngramStages());
    try {
      Search.Candidate best = search.best();
      PipelineModel features = search.featuresFor(best.features());
      Dataset<Row> trainF = search.trainFeaturesFor(best.features());
      Model<?> learner = best.finalModel() != null ? best.finalModel() : Search.fit(nc, best, trainF);
      Calibrate cal = Calibrate.fit(spark, nc, best.heldOut());
      ctx.stage("cascade: n-gram model " + best.describe() + " (held-out " + search.metricName() + " "
          + TrainJob.fmt(best.score()) + ")", nTrain);
      ScorerFile file = ScorerExport.export(nc, features, learner, cal.map(), cal.threshold(), null, null, ctx, nTrain);
      PipelineModel classifier = new Pipeline().setStages(new PipelineStage[] {features, learner})
          .fit(split.train().limit(0));
      TrainedModel model = new TrainedModel(file, classifier, cal.pipeline(), null);
      HeldOut ngHeld = best.heldOut();
      HeldOut fullHeld = fullBest.heldOut();
      String bandOn = search.heldOutDescription();
      if (split.val() != null) {
        long seed = ctx.seed("folds");
        bandOn = outOfFoldDescription(nc, trainF, seed);
        ngHeld = outOfFold(spark, nc, best, trainF, seed);
        ctx.stage("cascade: n-gram model's out-of-fold predictions of the training set (" + bandOn + ")", nTrain);
        fullHeld = outOfFold(spark, c, fullBest, full.trainFeaturesFor(fullBest.features()), seed);
        ctx.stage("cascade: encoder model's out-of-fold predictions of the training set", nTrain);
      }
      Cascade.Choice choice = band(c, ngHeld, cal, fullHeld, fullCal, Bootstrap.RESAMPLES, ctx.seed("cascade"));
      Cascade cascade = new Cascade(file, choice.margin(), KEEP, choice.figures());
      ctx.stage(String.format(Locale.ROOT, "cascade band: uncertainty <= %.4f routes %.1f%% of held-out posts, "
          + "macro recall %.4f vs %.4f (encoder model), ratio's bootstrap lower bound %.4f", choice.margin(),
          100 * choice.figures().routedShare(), choice.figures().cascadeMacroRecall(), choice.figures().fullMacroRecall(),
          choice.ratioLowerBound()), choice.figures().n());
      return new CascadeFit(file, model, cascade, choice, bandOn, best, search.metricName());
    } finally {
      search.release();
    }
  }

  /** How {@link #outOfFold} splits the training set. */
  private static String outOfFoldDescription(TrainJob.Config c, Dataset<Row> trainF, long seed) {
    return Search.foldsByTime(c, trainF) ? c.folds() + " contiguous time blocks of the training set, out-of-fold"
        : c.folds() + "-fold stratified out-of-fold predictions of the training set (seed " + seed + ")";
  }

  /**
   * Out-of-fold predictions of one grid point on its cached training features: the folds the
   * search would make ({@code --folds}, {@code --folds-by}, the same seed, so two models' folds hold
   * the same posts), the fold fits at once as in {@link Search}.
   */
  static HeldOut outOfFold(SparkSession spark, TrainJob.Config c, Search.Candidate point, Dataset<Row> trainF,
      long seed) {
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> folded = (Search.foldsByTime(c, trainF) ? Search.withTimeFolds(trainF, c.folds())
        : Search.withFolds(trainF, c.folds(), seed)).coalesce(parts).persist(StorageLevel.MEMORY_AND_DISK());
    ExecutorService pool = Executors.newFixedThreadPool(Search.concurrentFits(spark, c.folds()));
    try {
      List<Callable<Dataset<Row>>> fits = new ArrayList<>();
      for (int k = 0; k < c.folds(); k++) {
        int fold = k;
        fits.add(() -> Search.predict(Search.fit(c, point, folded.filter(col("_fold").notEqual(fold))),
            folded.filter(col("_fold").equalTo(fold)), c));
      }
      Dataset<Row> oof = null;
      for (Dataset<Row> p : Search.all(pool, fits)) {
        oof = oof == null ? p : oof.unionByName(p);
      }
      return HeldOut.collect(oof);
    } finally {
      pool.shutdownNow();
      folded.unpersist();
    }
  }

  /**
   * The band on the paired held-out predictions of the n-gram model ({@code ng}) and the encoder
   * model, with the bootstrap rule of {@link Cascade#chooseMargin} ({@code resamples} 0: the point rule).
   */
  static Cascade.Choice band(TrainJob.Config c, HeldOut ng, Calibrate ngCal, HeldOut full, Calibrate fullCal,
      int resamples, long seed) {
    // keys may repeat (the same post twice): the k-th copy in one list pairs with the k-th in the other
    Map<String, ArrayDeque<Integer>> at = new HashMap<>();
    for (int j = 0; j < full.ids().length; j++) {
      at.computeIfAbsent(full.ids()[j], k -> new ArrayDeque<>()).add(j);
    }
    int n = ng.ids().length;
    if (n != full.ids().length) {
      throw new IllegalStateException("the cascade needs both models' held-out predictions of the same posts: got " + n
          + " and " + full.ids().length);
    }
    boolean binary = c.binary();
    double[] u = new double[n];
    int[] truth = new int[n];
    int[] ngPred = new int[n];
    int[] fullPred = new int[n];
    for (int i = 0; i < n; i++) {
      ArrayDeque<Integer> js = at.get(ng.ids()[i]);
      Integer j = js == null ? null : js.poll();
      if (j == null) {
        throw new IllegalStateException("post " + ng.ids()[i] + " is held out for the n-gram model only");
      }
      double p = ngCal.map().apply(ng.p()[i]);
      u[i] = Cascade.uncertainty(binary, p, ngCal.threshold(), ng.probs()[i]);
      truth[i] = ng.truth()[i];
      ngPred[i] = binary ? (p >= ngCal.threshold() ? 1 : 0) : ng.predicted()[i];
      fullPred[i] = binary ? (fullCal.map().apply(full.p()[j]) >= fullCal.threshold() ? 1 : 0) : full.predicted()[j];
    }
    return Cascade.chooseMargin(u, truth, ngPred, fullPred, c.task().classes().size(), KEEP, resamples, seed);
  }

  /**
   * The cascade on the test set: the n-gram model scores every post (Spark, checked against its
   * scorer file to 1e-9), posts in the band take the encoder model's answer ({@code fullRows}, the
   * test rows of {@link Metrics#build}). Returns metrics.json's {@code cascade} block; fails the run
   * when a path's parity is off.
   */
  Map<String, Object> evaluate(TrainJob.Config c, Dataset<Row> test, List<Row> fullRows, ScorerFile scorer,
      RunContext ctx) {
    List<Row> rows = model.score(test, true).select(PostColumns.POST_ID, PostColumns.TEXT, "label_idx",
        PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, "predicted_idx").orderBy(PostColumns.POST_ID).collectAsList();
    Map<String, ArrayDeque<Row>> full = new HashMap<>();
    fullRows.forEach(r -> full.computeIfAbsent(key(r.getString(0), r.getString(1), r.getDouble(4)),
        k -> new ArrayDeque<>()).add(r));
    if (fullRows.size() != rows.size()) {
      throw new IllegalStateException("the cascade needs both models' test rows: " + rows.size() + " n-gram rows, "
          + fullRows.size() + " encoder rows");
    }
    NegativityScorer local = new NegativityScorer(ngram);
    boolean binary = c.binary();
    int n = rows.size();
    int[] truth = new int[n];
    int[] ngPred = new int[n];
    int[] fullPred = new int[n];
    int[] cascadePred = new int[n];
    double ngramParity = 0;
    double cascadeParity = 0;
    int routed = 0;
    int checked = 0;
    NegativityScorer live = null;
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      ArrayDeque<Row> fs = full.get(key(r.getString(0), r.getString(1), r.getDouble(2)));
      Row f = fs == null ? null : fs.poll();
      if (f == null) {
        throw new IllegalStateException("test post " + r.getString(0) + " was scored by the n-gram model only");
      }
      String text = r.getString(1);
      double p = local.pNegative(text);
      ngramParity = Math.max(ngramParity, Math.abs(p - r.getDouble(3)));
      boolean inBand = cascade.routes(Cascade.uncertainty(binary, p, ngram.threshold(), local.classProbabilities(text)));
      truth[i] = (int) r.getDouble(2);
      ngPred[i] = binary ? (r.getBoolean(4) ? 1 : 0) : r.getInt(5);
      fullPred[i] = binary ? (f.getBoolean(7) ? 1 : 0) : f.getInt(8);
      cascadePred[i] = inBand ? fullPred[i] : ngPred[i];
      routed += inBand ? 1 : 0;
      if (i < PARITY_POSTS) {
        // the live scorer end to end: its route and its answer (the routed posts embed on one thread)
        live = live == null ? new NegativityScorer(scorer) : live;
        double expected = inBand ? f.getDouble(6) : r.getDouble(3);
        cascadeParity = Math.max(cascadeParity, Math.abs(live.pNegative(text) - expected));
        checked++;
      }
    }
    int k = c.task().classes().size();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("n", n);
    t.put("routedShare", routed / (double) n);
    double cascadeRecall = macroRecall(truth, cascadePred, k);
    double fullRecall = macroRecall(truth, fullPred, k);
    t.put("ngramMacroRecall", macroRecall(truth, ngPred, k));
    t.put("cascadeMacroRecall", cascadeRecall);
    t.put("fullMacroRecall", fullRecall);
    t.put("cascadeOverFull", cascadeRecall / fullRecall);
    Bootstrap.Statistic cascadeStat = Bootstrap.macroRecall(truth, cascadePred, k);
    Bootstrap.Statistic fullStat = Bootstrap.macroRecall(truth, fullPred, k);
    t.put("cascadeOverFullInterval", Bootstrap.interval(n, idx -> cascadeStat.of(idx) / fullStat.of(idx),
        Bootstrap.RESAMPLES, ctx.seed("bootstrap")));
    Map<String, Object> parity = new LinkedHashMap<>();
    parity.put("ngramPathN", n);
    parity.put("ngramPathMaxAbsDiffPNegative", ngramParity);
    parity.put("ngramPathTolerance", 1e-9);
    parity.put("cascadeN", checked);
    parity.put("cascadeMaxAbsDiffPNegative", cascadeParity);
    parity.put("cascadeTolerance", 1e-5);
    ctx.stage(String.format(Locale.ROOT, "cascade on test: %.1f%% routed, macro recall %.4f vs %.4f (encoder model); "
        + "parity n-gram %.2e, cascade %.2e", 100.0 * routed / n, cascadeRecall, fullRecall, ngramParity, cascadeParity), n);
    if (ngramParity > 1e-9 || cascadeParity > 1e-5) {
      throw new IllegalStateException("the cascade's scorer differs from Spark: n-gram path " + ngramParity
          + " (> 1e-9?), cascade " + cascadeParity + " (> 1e-5?)");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("margin", cascade.margin());
    m.put("uncertainty", binary ? "|p_negative - threshold| of the n-gram model (calibrated)"
        : "top-1 minus top-2 class probability of the n-gram model");
    m.put("keep", KEEP);
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("rule", "smallest margin whose cascade/encoder-model macro-recall ratio has a one-sided 95 % bootstrap "
        + "lower bound >= keep");
    rule.put("heldOutPredictions", bandOn);
    rule.put("resamples", choice.resamples());
    rule.put("ratioLowerBound", choice.ratioLowerBound());
    m.put("choice", rule);
    Cascade.Figures h = cascade.heldOut();
    Map<String, Object> held = new LinkedHashMap<>();
    held.put("n", h.n());
    held.put("routedShare", h.routedShare());
    held.put("ngramMacroRecall", h.ngramMacroRecall());
    held.put("cascadeMacroRecall", h.cascadeMacroRecall());
    held.put("fullMacroRecall", h.fullMacroRecall());
    held.put("cascadeOverFull", h.cascadeMacroRecall() / h.fullMacroRecall());
    m.put("heldOut", held);
    m.put("test", t);
    Map<String, Object> ng = new LinkedHashMap<>();
    ng.put("chosen", chosen.describe());
    ng.put("heldOut" + Character.toUpperCase(metric.charAt(0)) + metric.substring(1), chosen.score());
    ng.put("threshold", ngram.threshold());
    ng.put("calibration", ngram.calibration().method());
    m.put("ngramModel", ng);
    m.put("parity", parity);
    return m;
  }

  /** A test row's pairing key: post_id, text and label (post ids repeat in some data sets). */
  /** A test post's pairing key across two models' answers: post id, text and label (post ids repeat in some sets). */
  static String key(String postId, String text, double label) {
    return postId + '\u0001' + text + '\u0001' + label;
  }

  private static double macroRecall(int[] truth, int[] pred, int k) {
    long[][] cm = Evaluation.confusion(truth, pred, k);
    return Evaluation.macro(Evaluation.recalls(cm), cm);
  }
}
