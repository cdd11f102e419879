package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.model.Learner;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainMetrics;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.NegativityScorer;
import io.crisislab.models.scorer.ScorerFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /**
   * The defaults, written once: the command's {@code defaultValue}s and help text (via
   * {@code ${DEFAULT-VALUE}}) and {@link Config#builder} read them from here.
   */
  public static final class Defaults {
    public static final String TASK = "binary";
    public static final String LEARNER = "logistic-regression";
    public static final String TEST_FRACTION = "0.2";
    public static final String REG_PARAMS = "3e-5,1e-4,3e-4";
    public static final String FOLDS = "3";
    public static final String FOLDS_BY = "auto";
    public static final String WORD_VOCABS = "200000";
    public static final String CHAR_VOCAB = "300000";
    public static final String MIN_DF = "2";
    public static final String CHAR_NGRAMS = "2..5";
    public static final String MAX_ITER = "200";
    // Platt: two parameters transfer across time better than isotonic's step function, which
    // reproduces the held-out predictions exactly (airline time split, time-blocked folds:
    // test ECE 0.023 Platt vs 0.033 isotonic)
    public static final String CALIBRATION = "platt";
    public static final String THRESHOLD = "0.5";
    // none: the demo and CI stay fast; an encoder embeds every post (tens per second per core)
    public static final String ENCODER = "none";
    public static final String BLOCK_WEIGHTS = "1";

    private Defaults() {}
  }

  /**
   * Training configuration; build one with {@link #builder} (every component has a named default).
   *
   * @param posts posts to train on (run folder with posts/ or a Parquet folder)
   * @param testPosts a given test set, or null to split {@code posts}
   * @param valPosts a given validation set for hyperparameters and calibration, or null for K-fold
   * @param task binary (negative vs rest) or three-class
   * @param learner linear-svc supports the binary task only
   * @param testFraction share of posts held out for test when splitting (0, 1)
   * @param regParams regularisation grid (LR/SVC: L2 strength; NB: additive smoothing)
   * @param classWeights grid of class weightings (default: balanced for three-class, none for binary)
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
   * @param encoder pretrained sentence encoder whose embedding joins the features, or none
   * @param blockWeights grid of factors on the embedding next to the n-gram blocks (the embedding alone is tried too)
   * @param embeddingCache folder of the embedding cache shared across runs, or null for one inside the run folder
   * @param peerPredictions CSV (post_id,predicted_class) of another model's test predictions to compare with, or null
   */
  public record Config(Path posts, Path testPosts, Path valPosts, Task task, Learner learner, double testFraction,
      List<Double> regParams, List<ClassWeight> classWeights, int folds, FoldsBy foldsBy, List<Integer> wordVocabs,
      int charVocab, int minDf, List<CharRange> charRanges, int maxIter, CalibrationMethod calibration,
      Double targetPrecision, Double targetRecall, Double costFn, Double costFp, double threshold, boolean reasons,
      SentenceEncoder encoder, List<Double> blockWeights, Path embeddingCache, Path peerPredictions) {
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
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new UsageException("--test-fraction must be in (0, 1), got " + testFraction);
      }
      if (regParams == null || regParams.isEmpty() || regParams.stream().anyMatch(r -> !(r >= 0))) {
        throw new UsageException("--reg-params needs one or more values >= 0");
      }
      if (classWeights == null || classWeights.isEmpty()) {
        throw new UsageException("--class-weights takes none and/or balanced");
      }
      if (folds < 2) {
        throw new UsageException("--folds must be >= 2, got " + folds);
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
      if (encoder == null) {
        throw new UsageException("--encoder needs a value");
      }
      if (blockWeights == null || blockWeights.isEmpty() || blockWeights.stream().anyMatch(w -> !(w > 0))) {
        throw new UsageException("--block-weights needs one or more values > 0");
      }
      ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold); // validates
      regParams = List.copyOf(regParams);
      classWeights = List.copyOf(classWeights);
      wordVocabs = List.copyOf(wordVocabs);
      charRanges = List.copyOf(charRanges);
      blockWeights = List.copyOf(blockWeights);
    }

    /** A builder holding the {@link Defaults} for training on {@code posts}. */
    public static Builder builder(Path posts) {
      return new Builder(posts);
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
      Builder b = new Builder(posts);
      b.testPosts = testPosts;
      b.valPosts = valPosts;
      b.task = task;
      b.learner = learner;
      b.testFraction = testFraction;
      b.regParams = regParams;
      b.classWeights = classWeights;
      b.folds = folds;
      b.foldsBy = foldsBy;
      b.wordVocabs = wordVocabs;
      b.charVocab = charVocab;
      b.minDf = minDf;
      b.charRanges = charRanges;
      b.maxIter = maxIter;
      b.calibration = calibration;
      b.targetPrecision = targetPrecision;
      b.targetRecall = targetRecall;
      b.costFn = costFn;
      b.costFp = costFp;
      b.threshold = threshold;
      b.reasons = reasons;
      b.encoder = encoder;
      b.blockWeights = blockWeights;
      b.embeddingCache = embeddingCache;
      b.peerPredictions = peerPredictions;
      return b;
    }

    ThresholdRule thresholdRule() {
      return ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold);
    }

    boolean binary() {
      return task == Task.BINARY;
    }

    /** The embedding cache folder: {@link #embeddingCache}, else {@code embedding-cache/} in the run folder. */
    Path embeddingCache(RunContext ctx) {
      return embeddingCache != null ? embeddingCache : ctx.file("embedding-cache");
    }
  }

  /** Named, defaulted construction of a {@link Config}: set what differs from {@link Defaults}. */
  public static final class Builder {
    private final Path posts;
    private Path testPosts;
    private Path valPosts;
    private Task task = Task.of(Defaults.TASK);
    private Learner learner = Learner.of(Defaults.LEARNER);
    private double testFraction = Double.parseDouble(Defaults.TEST_FRACTION);
    private List<Double> regParams = Arrays.stream(Defaults.REG_PARAMS.split(",")).map(Double::valueOf).toList();
    private List<ClassWeight> classWeights;
    private int folds = Integer.parseInt(Defaults.FOLDS);
    private FoldsBy foldsBy = Choices.parse(FoldsBy.class, "--folds-by", Defaults.FOLDS_BY);
    private List<Integer> wordVocabs = List.of(Integer.valueOf(Defaults.WORD_VOCABS));
    private int charVocab = Integer.parseInt(Defaults.CHAR_VOCAB);
    private int minDf = Integer.parseInt(Defaults.MIN_DF);
    private List<CharRange> charRanges = List.of(CharRange.parse(Defaults.CHAR_NGRAMS));
    private int maxIter = Integer.parseInt(Defaults.MAX_ITER);
    private CalibrationMethod calibration = Choices.parse(CalibrationMethod.class, "--calibration", Defaults.CALIBRATION);
    private Double targetPrecision;
    private Double targetRecall;
    private Double costFn;
    private Double costFp;
    private double threshold = Double.parseDouble(Defaults.THRESHOLD);
    private boolean reasons = true;
    private SentenceEncoder encoder = SentenceEncoder.of(Defaults.ENCODER);
    private List<Double> blockWeights = Arrays.stream(Defaults.BLOCK_WEIGHTS.split(",")).map(Double::valueOf).toList();
    private Path embeddingCache;
    private Path peerPredictions;

    private Builder(Path posts) {
      this.posts = posts;
    }

    public Builder testPosts(Path v) {
      testPosts = v;
      return this;
    }

    public Builder valPosts(Path v) {
      valPosts = v;
      return this;
    }

    public Builder task(Task v) {
      task = v;
      return this;
    }

    public Builder learner(Learner v) {
      learner = v;
      return this;
    }

    public Builder testFraction(double v) {
      testFraction = v;
      return this;
    }

    public Builder regParams(List<Double> v) {
      regParams = v;
      return this;
    }

    /** Null keeps the task's default (balanced for three-class, none for binary). */
    public Builder classWeights(List<ClassWeight> v) {
      classWeights = v;
      return this;
    }

    public Builder folds(int v) {
      folds = v;
      return this;
    }

    public Builder foldsBy(FoldsBy v) {
      foldsBy = v;
      return this;
    }

    public Builder wordVocabs(List<Integer> v) {
      wordVocabs = v;
      return this;
    }

    public Builder charVocab(int v) {
      charVocab = v;
      return this;
    }

    public Builder minDf(int v) {
      minDf = v;
      return this;
    }

    public Builder charRanges(List<CharRange> v) {
      charRanges = v;
      return this;
    }

    public Builder maxIter(int v) {
      maxIter = v;
      return this;
    }

    public Builder calibration(CalibrationMethod v) {
      calibration = v;
      return this;
    }

    /** Threshold rules (see {@link ThresholdRule}); nulls leave the fixed {@link #threshold}. */
    public Builder thresholdRule(Double precision, Double recall, Double fnCost, Double fpCost) {
      targetPrecision = precision;
      targetRecall = recall;
      costFn = fnCost;
      costFp = fpCost;
      return this;
    }

    public Builder threshold(double v) {
      threshold = v;
      return this;
    }

    public Builder reasons(boolean v) {
      reasons = v;
      return this;
    }

    public Builder encoder(SentenceEncoder v) {
      encoder = v;
      return this;
    }

    public Builder blockWeights(List<Double> v) {
      blockWeights = v;
      return this;
    }

    public Builder embeddingCache(Path v) {
      embeddingCache = v;
      return this;
    }

    public Builder peerPredictions(Path v) {
      peerPredictions = v;
      return this;
    }

    public Config build() {
      List<ClassWeight> weights = classWeights != null ? classWeights
          : List.of(task == Task.THREE_CLASS ? ClassWeight.BALANCED : ClassWeight.NONE);
      return new Config(posts, testPosts, valPosts, task, learner, testFraction, regParams, weights, folds, foldsBy,
          wordVocabs, charVocab, minDf, charRanges, maxIter, calibration, targetPrecision, targetRecall, costFn, costFp,
          threshold, reasons, encoder, blockWeights, embeddingCache, peerPredictions);
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
    Split split = Split.of(spark, c, ctx.seed("split"), ctx);
    long nTrain = split.nTrain();

    // ---- hyperparameter search on held-out predictions only
    Search search = Search.run(spark, c, split.train(), split.val(), ctx.seed("folds"), ctx);
    Search.Candidate best = search.best();
    PipelineModel features = search.featuresFor(best.features());
    ctx.progress().info("chosen: " + best.describe() + " (" + search.metricName() + " " + fmt(best.score()) + ")");

    // ---- final classifier: refit on all training data (K-fold) or keep the one fitted on train (val)
    // cached only when the reason tagger reads it too (three passes and a fit); a lone final fit
    // reads it once into LogisticRegression's own cached blocks
    Dataset<Row> trainF = c.reasons() ? FeaturePipeline.cached(features, split.train(), spark)
        : FeaturePipeline.features(features, split.train(), spark);
    Model<?> learner;
    try (var beat = ctx.progress().heartbeat("fit final classifier", 1)) {
      beat.at(0, best.describe());
      learner = best.finalModel() != null ? best.finalModel() : Search.fit(c, best, trainF);
    }
    PipelineModel classifier = new Pipeline().setStages(new PipelineStage[] {features, learner})
        .fit(split.train().limit(0));
    ctx.stage("fit final classifier", nTrain);

    // ---- calibration and threshold fitted on held-out predictions
    HeldOut ho = best.heldOut();
    Calibrate cal = Calibrate.fit(spark, c, ho);
    ctx.stage("calibration (" + c.calibration() + ") and threshold on held-out predictions", ho.p().length);

    // ---- reason tagger (negative training posts with a reason)
    Reasons reasons = c.reasons() ? Reasons.fit(c, trainF, best.regParam()) : null;
    if (reasons != null) {
      ctx.stage("fit reason tagger (" + reasons.labels().size() + " reasons)", reasons.nTrain());
    }

    // ---- the Spark-free scorer and the Spark models
    ScorerFile scorer = ScorerExport.export(c, features, learner, cal.map(), cal.threshold(), reasons, ctx, nTrain);
    TrainedModel model = new TrainedModel(scorer, classifier, cal.pipeline(), reasons == null ? null : reasons.model());
    model.save(ctx.dir());

    // ---- evaluate once on the test set
    Dataset<Row> scored = model.score(split.test(), true).persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> rows = scored.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.BRAND, PostColumns.CHANNEL,
        "label_idx", TrainedModel.P_RAW, PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, "predicted_idx",
        PostColumns.REASON, PostColumns.NEGATIVE_REASON, "reason_pred_any").orderBy(PostColumns.POST_ID).collectAsList();
    ctx.stage("score test set", rows.size());
    Map<String, Object> metrics = Metrics.build(c, rows, cal.threshold(), nTrain, search, best, split.description(),
        cal.tried(), reasons, ctx);
    metrics.put("encoder", scorer.encoder());
    metrics.put("scorerParity", ScorerExport.parity(scorer, rows, ctx));

    // ---- outputs
    scored.select(PostColumns.POST_ID, PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.CREATED_AT,
        PostColumns.TEXT, PostColumns.LABEL, PostColumns.NEGATIVE_REASON, TrainedModel.P_RAW, PostColumns.P_NEGATIVE,
        PostColumns.IS_NEGATIVE, "predicted_class", PostColumns.REASON)
        .coalesce(1).write().parquet(ctx.file(PREDICTIONS_DIR).toString());
    AtomicFiles.writeString(ctx.file(METRICS), Json.write(metrics));
    ModelCard.write(ctx.dir(), c, metrics, rows, c.task().classes(), scorer, search);
    ctx.stage("write metrics, predictions and model card", rows.size());
    scored.unpersist();
    trainF.unpersist();
    split.release();
    search.release();
    return new Result(metrics, scorer);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
