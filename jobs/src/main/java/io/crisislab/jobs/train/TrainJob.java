package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.model.Learner;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainMetrics;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.NegativityScorer;
import io.crisislab.models.scorer.ScorerFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains, evaluates, calibrates and exports a negativity classifier.
 *
 * <p>Flow: read labelled posts and split them ({@link Split}); fit the text features
 * ({@link FeaturePipeline}) on training texts and choose hyperparameters on held-out predictions
 * only ({@link Search}: the given validation set, else K-fold out-of-fold predictions over the
 * training set); fit the final classifier; fit the calibration on the same held-out predictions
 * (never on predictions for the posts a model was trained on) and choose the operating threshold on
 * them ({@link Calibrate}); export the Spark-free scorer ({@link ScorerExport}); then evaluate once
 * on the test set. Outputs (the run folder layout is documented in {@code data/schemas/scorer.md}):
 * {@code model/} and {@code scorer.json} ({@link TrainedModel}), {@code metrics.json},
 * {@code predictions/}, {@code model-card.html}, {@code model-card.md}.
 */
public final class TrainJob {
  // How to add an option: declare it here (flag, value label, default, help, check), add it to
  // OPTIONS and add the record component its key names; the command line, --config and callers follow.
  public static final Option<Path> POSTS = Option.path("--posts", "DIR",
      "Labelled posts (run folder with posts/ or Parquet folder).").required();
  public static final Option<Path> TEST_POSTS = Option.path("--test-posts", "DIR",
      "A given test set (default: split --posts, by time when every post has created_at).");
  public static final Option<Path> VAL_POSTS = Option.path("--val-posts", "DIR",
      "A given validation set: hyperparameters, calibration and threshold are chosen on it (default: K-fold out-of-fold predictions on the training set).");
  public static final Option<Task> TASK = Option.choice(Task.class, "--task", "TASK", "binary",
      "${COMPLETION-CANDIDATES}: binary is negative vs rest (default: ${DEFAULT-VALUE}).");
  public static final Option<Learner> LEARNER = Option.choice(Learner.class, "--learner", "NAME", "logistic-regression",
      "${COMPLETION-CANDIDATES}; linear-svc is binary only (default: ${DEFAULT-VALUE}).");
  public static final Option<Double> TEST_FRACTION = Option.decimal("--test-fraction", "F", "0.2",
      "Share of posts held out for test when splitting (default: ${DEFAULT-VALUE}).")
      .check(v -> v > 0 && v < 1, "must be in (0, 1)");
  public static final Option<List<Double>> REG_PARAMS = Option.decimals("--reg-params", "R,...", "3e-5,1e-4,3e-4",
      "Regularisation grid (LR/SVC L2 strength, NB smoothing; default: ${DEFAULT-VALUE}).");
  /** Empty: balanced for three-class, none for binary. */
  public static final Option<List<ClassWeight>> CLASS_WEIGHTS = Option.choices(ClassWeight.class, "--class-weights",
      "W,...", null, "Class weighting grid: ${COMPLETION-CANDIDATES} (default: balanced for three-class, none for binary).");
  public static final Option<Integer> FOLDS = Option.integer("--folds", "K", "3",
      "K for out-of-fold held-out predictions (default: ${DEFAULT-VALUE}).").check(v -> v >= 2, "must be >= 2");
  public static final Option<FoldsBy> FOLDS_BY = Option.choice(FoldsBy.class, "--folds-by", "HOW", "auto",
      "Out-of-fold blocks: time (contiguous periods), random (stratified), auto (time when every post has created_at); default: ${DEFAULT-VALUE}.");
  public static final Option<List<Integer>> WORD_VOCABS = Option.integers("--word-vocab", "N,...", "200000",
      "Word 1-2-gram vocabulary size grid (default: ${DEFAULT-VALUE}).").key("wordVocabs");
  public static final Option<Integer> CHAR_VOCAB = Option.integer("--char-vocab", "N", "300000",
      "Character n-gram vocabulary size (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> MIN_DF = Option.integer("--min-df", "N", "2",
      "Least posts a term must occur in (default: ${DEFAULT-VALUE}).");
  public static final Option<List<CharRange>> CHAR_NGRAMS = Option.texts("--char-ngrams", "MIN..MAX,...", "2..5",
      "Character n-gram length ranges to search (default: ${DEFAULT-VALUE}).")
      .as("charRanges", l -> l.stream().map(CharRange::parse).toList());
  public static final Option<Integer> MAX_ITER = Option.integer("--max-iter", "N", "200",
      "Optimiser iterations (default: ${DEFAULT-VALUE}).");
  // Platt: two parameters transfer across time better than isotonic's step function, which
  // reproduces the held-out predictions exactly (airline time split, time-blocked folds:
  // test ECE 0.023 Platt vs 0.033 isotonic)
  public static final Option<CalibrationMethod> CALIBRATION = Option.choice(CalibrationMethod.class, "--calibration",
      "M", "platt", "${COMPLETION-CANDIDATES}, fitted on held-out predictions; held-out: isotonic or platt, the lower ECE on held-out predictions each map was not fitted on; forward: isotonic or platt fitted on all, the last or recency-weighted time blocks, the lower ECE of each block calibrated by the blocks before it (time-blocked folds only) (default: ${DEFAULT-VALUE}; isotonic follows the held-out set exactly and transfers worse across time).");
  public static final Option<Double> TARGET_PRECISION = Option.decimal("--target-precision", "P", null,
      "Threshold: lowest one reaching this precision on held-out predictions.");
  public static final Option<Double> TARGET_RECALL = Option.decimal("--target-recall", "R", null,
      "Threshold: highest one reaching this recall on held-out predictions.");
  public static final Option<Double> COST_FN = Option.decimal("--cost-fn", "C", null,
      "Threshold by least cost: cost of a missed negative post (with --cost-fp).");
  public static final Option<Double> COST_FP = Option.decimal("--cost-fp", "C", null,
      "Threshold by least cost: cost of a false alarm (with --cost-fn).");
  public static final Option<Double> THRESHOLD = Option.decimal("--threshold", "T", "0.5",
      "Fixed threshold on calibrated p_negative when no rule is given (default: ${DEFAULT-VALUE}).");
  /** Whether to train the reason tagger; the flag is {@code --no-reasons}. */
  public static final Option<Boolean> REASONS = Option.flag("--no-reasons", "Do not train the reason tagger.")
      .as("reasons", no -> !no);

  // none: the demo and CI stay fast; an encoder embeds every post (tens per second per core)
  public static final Option<List<SentenceEncoder>> ENCODERS = Option.choices(SentenceEncoder.class, "--encoder",
      "NAME,...", "none", "Pretrained sentence encoders whose embedding joins the features, a grid chosen on held-out predictions like the rest: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; an encoder embeds every post, tens of posts/s per core).")
      .key("encoders");
  public static final Option<List<Double>> BLOCK_WEIGHTS = Option.decimals("--block-weights", "W,...", "1",
      "With --encoder: grid of factors on the embedding next to the n-gram blocks; the embedding alone is tried too (default: ${DEFAULT-VALUE}).");
  public static final Option<Path> EMBEDDING_CACHE = Option.path("--embedding-cache", "DIR",
      "With --encoder: embeddings cache (Parquet by encoder and text hash) shared across runs (default: embedding-cache/ in the run folder).");
  public static final Option<Path> PEER_PREDICTIONS = Option.path("--peer-predictions", "CSV",
      "Another model's test predictions (post_id,predicted_class), e.g. bench/python/tweeteval_peer.py: metrics.json gets the paired bootstrap interval of the macro-recall difference.");
  public static final Option<Boolean> BLEND = Option.flag("--blend",
      "With --encoder and logistic regression: also try a stacked blend of the n-gram model and the embedding-alone model, scored on cross-fitted held-out predictions like the other variants.");
  public static final Option<Boolean> PRIOR_SHIFT = Option.flag("--prior-shift",
      "Also judge, forward on the held-out time blocks, adjusting each period's probabilities to its share of negatives estimated from its own unlabelled posts (EM, Saerens et al. 2002); reported in metrics.json; when it lowers the forward ECE it is adopted, and scorer.json (format 5) records the prior a live tool adjusts from. Needs time-blocked folds.");

  /** The options of {@code crisislab train}, in the order of the record. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, POSTS, TEST_POSTS, VAL_POSTS, TASK, LEARNER,
      TEST_FRACTION, REG_PARAMS, CLASS_WEIGHTS, FOLDS, FOLDS_BY, WORD_VOCABS, CHAR_VOCAB, MIN_DF, CHAR_NGRAMS, MAX_ITER,
      CALIBRATION, TARGET_PRECISION, TARGET_RECALL, COST_FN, COST_FP, THRESHOLD, REASONS, ENCODERS, BLOCK_WEIGHTS,
      EMBEDDING_CACHE, PEER_PREDICTIONS, BLEND, PRIOR_SHIFT);

  /**
   * Training configuration; build one with {@link #defaults} (every component has a named default).
   *
   * @param posts posts to train on (run folder with posts/ or a Parquet folder)
   * @param testPosts a given test set, or null to split {@code posts}
   * @param valPosts a given validation set for hyperparameters and calibration, or null for K-fold
   * @param task binary (negative vs rest) or three-class
   * @param learner linear-svc supports the binary task only
   * @param testFraction share of posts held out for test when splitting (0, 1)
   * @param regParams regularisation grid (LR/SVC: L2 strength; NB: additive smoothing)
   * @param classWeights grid of class weightings (null or empty: balanced for three-class, none for binary)
   * @param folds K for out-of-fold predictions (>= 2)
   * @param foldsBy how out-of-fold predictions are made
   * @param wordVocabs grid of word 1-2-gram vocabulary sizes
   * @param charVocab character n-gram vocabulary size
   * @param minDf least posts a term must occur in
   * @param charRanges grid of character n-gram length ranges
   * @param maxIter optimiser iterations
   * @param calibration calibration map
   * @param targetPrecision threshold rule (or null)
   * @param targetRecall threshold rule (or null)
   * @param costFn cost of a missed negative post (or null)
   * @param costFp cost of a false alarm (or null)
   * @param threshold fixed threshold when no rule is given
   * @param reasons whether to train the reason tagger when the data has reasons
   * @param encoders grid of pretrained sentence encoders whose embedding joins the features, or {@code [none]}
   * @param blockWeights grid of factors on the embedding next to the n-gram blocks (the embedding alone is tried too)
   * @param embeddingCache folder of the embedding cache shared across runs, or null for one inside the run folder
   * @param peerPredictions CSV (post_id,predicted_class) of another model's test predictions to compare with, or null
   * @param blend whether the grid also has the stacked blend ({@link StackedBlend}; needs an encoder and logistic regression)
   * @param priorShift whether to judge the prior-shift adjustment ({@link PriorShiftCheck}; needs time-blocked folds)
   */
  public record Config(Path posts, Path testPosts, Path valPosts, Task task, Learner learner, double testFraction,
      List<Double> regParams, List<ClassWeight> classWeights, int folds, FoldsBy foldsBy, List<Integer> wordVocabs,
      int charVocab, int minDf, List<CharRange> charRanges, int maxIter, CalibrationMethod calibration,
      Double targetPrecision, Double targetRecall, Double costFn, Double costFp, double threshold, boolean reasons,
      List<SentenceEncoder> encoders, List<Double> blockWeights, Path embeddingCache, Path peerPredictions,
      boolean blend, boolean priorShift) {
    public Config {
      if (posts == null) {
        throw new UsageException("--posts is required");
      }
      if (task == null || learner == null || foldsBy == null || calibration == null) {
        throw new UsageException("--task, --learner, --folds-by and --calibration need a value");
      }
      if (learner == Learner.LINEAR_SVC && task == Task.THREE_CLASS) {
        throw new UsageException("--learner linear-svc supports --task binary only");
      }
      if (regParams == null || regParams.isEmpty() || regParams.stream().anyMatch(r -> !(r >= 0))) {
        throw new UsageException("--reg-params needs one or more values >= 0");
      }
      if (classWeights == null || classWeights.isEmpty()) {
        classWeights = List.of(task == Task.THREE_CLASS ? ClassWeight.BALANCED : ClassWeight.NONE);
      }
      if (wordVocabs == null || wordVocabs.isEmpty() || wordVocabs.stream().anyMatch(v -> v < 1) || charVocab < 1) {
        throw new UsageException("--word-vocab and --char-vocab must be >= 1");
      }
      if (minDf < 1) {
        throw new UsageException("--min-df must be >= 1");
      }
      if (charRanges == null || charRanges.isEmpty()) {
        throw new UsageException("--char-ngrams needs one or more MIN..MAX ranges");
      }
      if (maxIter < 1) {
        throw new UsageException("--max-iter must be >= 1");
      }
      if (encoders == null || encoders.isEmpty() || encoders.stream().distinct().count() < encoders.size()
          || encoders.size() > 1 && encoders.contains(SentenceEncoder.NONE)) {
        throw new UsageException("--encoder needs none, or one or more distinct encoders");
      }
      if (blockWeights == null || blockWeights.isEmpty() || blockWeights.stream().anyMatch(w -> !(w > 0))) {
        throw new UsageException("--block-weights needs one or more values > 0");
      }
      if (calibration == CalibrationMethod.FORWARD && (valPosts != null || foldsBy == FoldsBy.RANDOM)) {
        throw new UsageException("--calibration forward needs time-blocked folds (no --val-posts, --folds-by time or auto)");
      }
      if (priorShift && (valPosts != null || foldsBy == FoldsBy.RANDOM)) {
        throw new UsageException("--prior-shift needs time-blocked folds (no --val-posts, --folds-by time or auto)");
      }
      if (blend && (encoders.contains(SentenceEncoder.NONE) || learner != Learner.LOGISTIC_REGRESSION)) {
        throw new UsageException("--blend needs --encoder and --learner logistic-regression (it blends class probabilities)");
      }
      ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold); // validates
      regParams = List.copyOf(regParams);
      classWeights = List.copyOf(classWeights);
      wordVocabs = List.copyOf(wordVocabs);
      charRanges = List.copyOf(charRanges);
      blockWeights = List.copyOf(blockWeights);
      encoders = List.copyOf(encoders);
    }

    /** The {@link #OPTIONS} defaults for training on {@code posts}. */
    public static Settings<Config> defaults(Path posts) {
      return OPTIONS.defaults().with(POSTS, posts);
    }

    ThresholdRule thresholdRule() {
      return ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold);
    }

    boolean binary() {
      return task == Task.BINARY;
    }

    /** Whether the grid has an encoder (else n-grams only). */
    boolean hasEncoder() {
      return !encoders.contains(SentenceEncoder.NONE);
    }

    /** This configuration without the encoder: the grid, split and folds of the cascade's n-gram model. */
    Config withoutEncoder() {
      return new Config(posts, testPosts, valPosts, task, learner, testFraction, regParams, classWeights, folds, foldsBy,
          wordVocabs, charVocab, minDf, charRanges, maxIter, calibration, targetPrecision, targetRecall, costFn, costFp,
          threshold, reasons, List.of(SentenceEncoder.NONE), blockWeights, embeddingCache, peerPredictions, false, false);
    }

    /** The embedding cache folder: {@link #embeddingCache}, else {@code embedding-cache/} in the run folder. */
    Path embeddingCache(RunContext ctx) {
      return embeddingCache != null ? embeddingCache : ctx.file("embedding-cache");
    }
  }

  /** What a run produced: the metrics written to {@code metrics.json} and the exported scorer. */
  public record Result(Map<String, Object> metrics, ScorerFile scorer) {}

  /** Files of a train run folder besides the {@link TrainedModel} ones. */
  public static final String METRICS = TrainMetrics.FILE;
  public static final String PREDICTIONS_DIR = "predictions";

  private TrainJob() {}

  /** Runs training into {@code ctx.dir()}. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    TextUdfs.register(spark);
    if (c.hasEncoder()) {
      c.encoders().forEach(e -> ctx.input(e.modelDigest())); // the pretrained weights are inputs like the posts
    }
    Split split = Split.of(spark, c, ctx.seed("split"), ctx);
    long nTrain = split.nTrain();
    if ((c.calibration() == CalibrationMethod.FORWARD || c.priorShift()) && !Search.foldsByTime(c, split.train())) {
      throw new DataException(c.posts() + ": --calibration forward and --prior-shift need created_at on every training post (time blocks)");
    }

    // the reason tagger needs only the training features and its penalty: it fits on its own thread
    // as soon as both are known (one feature setting and a penalty every grid point shares: alongside
    // the search's fits), else once the search has chosen (alongside the final fit and calibration)
    ExecutorService side = Executors.newSingleThreadExecutor();
    AtomicReference<Future<Reasons>> reasonsFit = new AtomicReference<>();
    List<Double> taggerPenalties = c.regParams().stream().map(Reasons::penalty).distinct().toList();
    Search search;
    Search.Candidate best;
    PipelineModel features;
    Model<?> learner;
    Calibrate cal;
    Reasons reasons;
    HeldOut ho;
    try {
      // ---- hyperparameter search on held-out predictions only
      search = Search.run(spark, c, split.train(), split.val(), ctx.seed("folds"), ctx, trainF -> {
        if (c.reasons() && taggerPenalties.size() == 1) {
          reasonsFit.set(side.submit(() -> Reasons.fit(c, trainF, taggerPenalties.get(0))));
        }
      });
      best = search.best();
      features = search.featuresFor(best.features());
      ctx.progress().info("chosen: " + best.describe() + " (" + search.metricName() + " " + fmt(best.score()) + ")");

      // ---- final classifier: refit on all training data (K-fold) or keep the one fitted on train (val)
      // on the search's cached features of the training set (featurised once for the whole run)
      Dataset<Row> trainF = search.trainFeaturesFor(best.features());
      double chosenReg = best.regParam();
      if (reasonsFit.get() == null) {
        reasonsFit.set(side.submit(() -> c.reasons() ? Reasons.fit(c, trainF, chosenReg) : null));
      }
      ho = best.heldOut();
      try (var beat = ctx.progress().heartbeat("fit final classifier", 1)) {
        beat.at(0, best.describe());
        learner = best.finalModel() != null ? best.finalModel() : Search.fit(c, best, trainF);
      }
      ctx.stage("fit final classifier", nTrain);

      // ---- calibration and threshold fitted on held-out predictions
      cal = Calibrate.fit(spark, c, ho);
      ctx.stage("calibration (" + c.calibration() + ": " + cal.map().method() + ") and threshold on held-out predictions",
          ho.p().length);

      // ---- reason tagger (negative training posts with a reason)
      reasons = Search.await(reasonsFit.get());
      if (reasons != null) {
        ctx.stage("fit reason tagger (" + reasons.labels().size() + " reasons)", reasons.nTrain());
      }
    } finally {
      side.shutdownNow();
    }
    PipelineModel classifier = new Pipeline().setStages(new PipelineStage[] {features, learner})
        .fit(split.train().limit(0));

    // ---- with an encoder, the live cascade: the n-gram model in front, a band chosen on held-out predictions
    CascadeFit cascade = !c.hasEncoder() ? null : CascadeFit.fit(spark, c, split, search, best, cal, ctx, nTrain);

    // ---- with --blend, the stacked blend of the cascade's front and the best embedding-alone point
    // competes on cross-fitted held-out predictions; chosen, it replaces the model, its calibration and band
    StackedBlend blend = c.blend() ? StackedBlend.score(spark, c, search, best, cascade, ctx) : null;
    Search.Candidate reported = best;
    PipelineModel singleFeatures = features;
    Model<?> singleLearner = learner;
    Calibrate singleCal = cal;
    if (blend != null && blend.chosen()) {
      Search.Candidate enc = blend.encoder();
      features = search.featuresFor(enc.features());
      Dataset<Row> encTrainF = search.trainFeaturesFor(enc.features());
      learner = enc.finalModel() != null ? enc.finalModel() : Search.fit(c, enc, encTrainF);
      cal = Calibrate.fit(spark, c, blend.heldOut());
      reasons = c.reasons() ? Reasons.fit(c, encTrainF, enc.regParam()) : null;
      classifier = blend.classifier(cascade.model().classifier(), features, learner, split.train());
      cascade = blend.rebanded(c, cascade, cal, ctx);
      reported = new Search.Candidate(enc.features(), enc.regParam(), enc.weights(), blend.crossFittedScore(),
          blend.heldOut(), null);
      ctx.stage("stacked blend: refit the embedding-alone base, calibration and band on the blend's held-out predictions",
          nTrain);
    }

    // ---- the Spark-free scorer and the Spark models
    ScorerFile exported = ScorerExport.export(c, features, learner, cal.exported(), cal.threshold(), reasons,
        cascade == null ? null : cascade.cascade(), ctx, nTrain);
    ScorerFile scorer = reported != best ? blend.file(exported) : exported;
    TrainedModel model = new TrainedModel(scorer, classifier, cal.pipeline(), reasons == null ? null : reasons.model());
    model.save(ctx.dir());

    // ---- evaluate once on the test set
    Dataset<Row> scored = model.score(split.test(), true).persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> rows = scored.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.BRAND, PostColumns.CHANNEL,
        "label_idx", TrainedModel.P_RAW, PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, "predicted_idx",
        PostColumns.REASON, PostColumns.NEGATIVE_REASON, "reason_pred_any").orderBy(PostColumns.POST_ID).collectAsList();
    ctx.stage("score test set", rows.size());
    Map<String, Object> metrics = Metrics.build(c, rows, cal.threshold(), nTrain, search, reported,
        split.description(), cal, reasons, ctx);
    if (blend != null) {
      blend.report(metrics, search.metricName(), !blend.chosen() ? null : BlendGain.of(c, best, singleFeatures,
          singleLearner, singleCal, split.test(), rows, ctx.seed("bootstrap"), ctx));
    }
    metrics.put("encoder", scorer.encoder());
    metrics.put("scorerParity", ScorerExport.parity(scorer, rows, ctx));
    if (cascade != null) {
      metrics.put("cascade", cascade.evaluate(c, split.test(), rows, scorer, ctx));
    }

    // ---- outputs
    scored.select(PostColumns.POST_ID, PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.CREATED_AT,
        PostColumns.TEXT, PostColumns.LABEL, PostColumns.NEGATIVE_REASON, TrainedModel.P_RAW, PostColumns.P_NEGATIVE,
        PostColumns.IS_NEGATIVE, "predicted_class", PostColumns.REASON)
        .coalesce(1).write().parquet(ctx.file(PREDICTIONS_DIR).toString());
    AtomicFiles.writeString(ctx.file(METRICS), Json.write(metrics));
    ModelCard.write(ctx.dir(), c, metrics, rows, c.task().classes(), scorer, search);
    ctx.stage("write metrics, predictions and model card", rows.size());
    scored.unpersist();
    split.release();
    search.release();
    return new Result(metrics, scorer);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
