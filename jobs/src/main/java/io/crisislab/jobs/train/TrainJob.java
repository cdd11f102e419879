package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.Label;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.scorer.Calibration;
import io.crisislab.models.scorer.LinearHead;
import io.crisislab.models.scorer.NegativityScorer;
import io.crisislab.models.scorer.ScorerFile;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.text.SocialTextNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.NaiveBayesModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains, evaluates, calibrates and exports a negativity classifier.
 *
 * <p>Flow: read labelled posts; split (a given test set, else by time when every post has
 * {@code created_at}: the latest {@code testFraction} is the test set, else a seeded stratified
 * split); fit the text features ({@link FeaturePipeline}) on training texts; choose hyperparameters
 * on held-out predictions only (the given validation set, else stratified K-fold out-of-fold
 * predictions over the training set); fit the final classifier; fit the calibration on the same
 * held-out predictions (never on predictions for the posts a model was trained on); choose the
 * operating threshold on them; then evaluate once on the test set. Outputs (the run folder layout is
 * documented in {@code data/schemas/scorer.md}): {@code model/}, {@code scorer.json},
 * {@code metrics.json}, {@code predictions/}, {@code model-card.html}, {@code model-card.md}.
 */
public final class TrainJob {
  public static final String BINARY = "binary";
  public static final String THREE_CLASS = "three-class";
  public static final String LR = "logistic-regression";
  public static final String SVC = "linear-svc";
  public static final String NB = "naive-bayes";
  public static final String FOLDS_AUTO = "auto";
  public static final String FOLDS_TIME = "time";
  public static final String FOLDS_RANDOM = "random";

  /** Column holding the raw (uncalibrated) p_negative. */
  public static final String P_RAW = "p_negative_raw";

  /**
   * Training configuration.
   *
   * @param posts posts to train on (run folder with posts/ or a Parquet folder)
   * @param testPosts a given test set, or null to split {@code posts}
   * @param valPosts a given validation set for hyperparameters and calibration, or null for K-fold
   * @param task {@code binary} (negative vs rest) or {@code three-class}
   * @param learner {@code logistic-regression}, {@code linear-svc} (binary only) or {@code naive-bayes}
   * @param testFraction share of posts held out for test when splitting (0, 1)
   * @param regParams regularisation grid (LR/SVC: L2 strength; NB: additive smoothing)
   * @param classWeights grid of class weightings: {@code none}, {@code balanced}
   * @param folds K for out-of-fold predictions (>= 2)
   * @param foldsBy how out-of-fold predictions are made: {@code time} (K contiguous blocks of the
   *     training set in time order, so held-out predictions face a period the model did not see, as
   *     the test set and live posts do), {@code random} (seeded, stratified by label) or {@code auto}
   *     (time when every training post has {@code created_at})
   * @param wordVocabs grid of word 1-2-gram vocabulary sizes
   * @param charVocab character n-gram vocabulary size
   * @param minDf least posts a term must occur in
   * @param charRanges grid of character n-gram length ranges
   * @param maxIter optimiser iterations
   * @param calibration {@code isotonic}, {@code platt} or {@code none}
   * @param targetPrecision threshold rule (or null)
   * @param targetRecall threshold rule (or null)
   * @param costFn cost of a missed negative post (or null)
   * @param costFp cost of a false alarm (or null)
   * @param threshold fixed threshold when no rule is given
   * @param reasons whether to train the reason tagger when the data has reasons
   */
  public record Config(Path posts, Path testPosts, Path valPosts, String task, String learner, double testFraction,
      List<Double> regParams, List<String> classWeights, int folds, String foldsBy, List<Integer> wordVocabs, int charVocab,
      int minDf, List<FeaturePipeline.CharRange> charRanges, int maxIter, String calibration, Double targetPrecision,
      Double targetRecall, Double costFn, Double costFp, double threshold, boolean reasons) {
    public Config {
      if (posts == null) {
        throw new UsageException("--posts is required");
      }
      if (!BINARY.equals(task) && !THREE_CLASS.equals(task)) {
        throw new UsageException("--task must be binary or three-class, got " + task);
      }
      if (!LR.equals(learner) && !SVC.equals(learner) && !NB.equals(learner)) {
        throw new UsageException("--learner must be logistic-regression, linear-svc or naive-bayes, got " + learner);
      }
      if (SVC.equals(learner) && THREE_CLASS.equals(task)) {
        throw new UsageException("--learner linear-svc supports --task binary only");
      }
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new UsageException("--test-fraction must be in (0, 1), got " + testFraction);
      }
      if (regParams == null || regParams.isEmpty() || regParams.stream().anyMatch(r -> !(r >= 0))) {
        throw new UsageException("--reg-params needs one or more values >= 0");
      }
      if (classWeights == null || classWeights.isEmpty()
          || classWeights.stream().anyMatch(w -> !w.equals("none") && !w.equals("balanced"))) {
        throw new UsageException("--class-weights takes none and/or balanced");
      }
      if (folds < 2) {
        throw new UsageException("--folds must be >= 2, got " + folds);
      }
      if (!List.of(FOLDS_AUTO, FOLDS_TIME, FOLDS_RANDOM).contains(foldsBy)) {
        throw new UsageException("--folds-by must be auto, time or random, got " + foldsBy);
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
      if (!List.of(Calibration.ISOTONIC, Calibration.PLATT, Calibration.NONE).contains(calibration)) {
        throw new UsageException("--calibration must be isotonic, platt or none, got " + calibration);
      }
      ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold); // validates
      regParams = List.copyOf(regParams);
      classWeights = List.copyOf(classWeights);
      wordVocabs = List.copyOf(wordVocabs);
      charRanges = List.copyOf(charRanges);
    }

    /** Sensible defaults for {@code task} on {@code posts} (what the CLI uses without flags). */
    public static Config defaults(Path posts, String task) {
      return new Config(posts, null, null, task, LR, 0.2, List.of(3e-5, 1e-4, 3e-4),
          List.of(THREE_CLASS.equals(task) ? "balanced" : "none"), 3, FOLDS_AUTO, List.of(200_000), 300_000, 2,
          List.of(new FeaturePipeline.CharRange(2, 5)), 200,
          // Platt: two parameters transfer across time better than isotonic's step function, which
          // reproduces the held-out predictions exactly (airline time split, time-blocked folds:
          // test ECE 0.023 Platt vs 0.033 isotonic)
          Calibration.PLATT, null, null, null, null, 0.5, true);
    }

    public Config withTestPosts(Path test) {
      return new Config(posts, test, valPosts, task, learner, testFraction, regParams, classWeights, folds, foldsBy, wordVocabs,
          charVocab, minDf, charRanges, maxIter, calibration, targetPrecision, targetRecall, costFn, costFp,
          threshold, reasons);
    }

    public Config withValPosts(Path val) {
      return new Config(posts, testPosts, val, task, learner, testFraction, regParams, classWeights, folds, foldsBy, wordVocabs,
          charVocab, minDf, charRanges, maxIter, calibration, targetPrecision, targetRecall, costFn, costFp,
          threshold, reasons);
    }

    ThresholdRule thresholdRule() {
      return ThresholdRule.of(targetPrecision, targetRecall, costFn, costFp, threshold);
    }

    boolean binary() {
      return BINARY.equals(task);
    }
  }

  /** What a run produced: the metrics written to {@code metrics.json} and the exported scorer. */
  public record Result(Map<String, Object> metrics, ScorerFile scorer) {}

  /** Sub-folders and files of a train run folder. */
  public static final String MODEL_DIR = "model";
  public static final String CLASSIFIER_DIR = "model/classifier";
  public static final String CALIBRATION_DIR = "model/calibration";
  public static final String REASONS_DIR = "model/reasons";
  public static final String METRICS = "metrics.json";
  public static final String PREDICTIONS_DIR = "predictions";

  private TrainJob() {}

  /** Runs training into {@code ctx.dir()}. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    TextUdfs.register(spark);
    long splitSeed = ctx.seed() ^ 0x5EED5EEDL;
    long foldSeed = ctx.seed() * 31 + 7;
    ctx.seed("split", splitSeed);
    ctx.seed("folds", foldSeed);

    Dataset<Row> all = labelled(spark, c.posts(), ctx, "posts", false);
    Dataset<Row> train;
    Dataset<Row> test;
    String splitDesc;
    if (c.testPosts() != null) {
      train = all;
      test = labelled(spark, c.testPosts(), ctx, "test posts", true);
      splitDesc = "given test set " + c.testPosts().getFileName();
    } else {
      long withTime = all.filter(col(PostColumns.CREATED_AT).isNotNull()).count();
      long n = all.count();
      if (n > 0 && withTime == n) {
        Dataset<Row>[] s = timeSplit(all, c.testFraction());
        train = s[0];
        test = s[1];
        splitDesc = String.format(Locale.ROOT, "time-ordered: sorted by created_at (UTC, ties by post_id, source), "
            + "latest %.0f%% is the test set", c.testFraction() * 100);
      } else {
        Dataset<Row>[] s = stratifiedSplit(all, c.testFraction(), splitSeed);
        train = s[0];
        test = s[1];
        splitDesc = String.format(Locale.ROOT, "seeded stratified random split (seed %d), %.0f%% test",
            splitSeed, c.testFraction() * 100);
      }
    }
    train = withTarget(train, c).persist(StorageLevel.MEMORY_AND_DISK());
    test = withTarget(test, c).persist(StorageLevel.MEMORY_AND_DISK());
    long nTrain = train.count();
    long nTest = test.count();
    if (nTrain == 0) {
      throw new DataException(c.posts() + ": empty training set (no labelled posts)");
    }
    if (nTest == 0) {
      throw new DataException("empty test set: nothing to evaluate on");
    }
    long classesInTrain = train.select("label_idx").distinct().count();
    if (classesInTrain < 2) {
      throw new DataException(c.posts() + ": the training set has one class only; a classifier needs at least two");
    }
    ctx.stage("split: " + splitDesc + " train", nTrain);
    ctx.count("test", nTest);
    Dataset<Row> val = null;
    if (c.valPosts() != null) {
      val = withTarget(labelled(spark, c.valPosts(), ctx, "validation posts", true), c).persist(StorageLevel.MEMORY_AND_DISK());
      ctx.count("validation", val.count());
    }
    List<String> classNames = c.binary() ? List.of("rest", "negative")
        : List.of(Label.NEGATIVE.wire(), Label.NEUTRAL.wire(), Label.POSITIVE.wire());

    // ---- hyperparameter search on held-out predictions only
    Search search = Search.run(spark, c, train, val, foldSeed, ctx);
    Candidate best = search.best();
    PipelineModel features = search.featuresFor(best.features());
    ctx.progress().info("chosen: " + best.describe() + " (" + search.metricName() + " " + fmt(best.score()) + ")");

    // ---- final classifier: refit on all training data (K-fold) or keep the one fitted on train (val)
    Dataset<Row> trainF = cachedFeatures(features, train, spark);
    Model<?> learner = best.finalModel() != null ? best.finalModel()
        : Search.fit(c, best, trainF, spark);
    PipelineModel classifier = composed(features, learner, train);
    ctx.stage("fit final classifier", nTrain);

    // ---- calibration fitted on held-out predictions
    HeldOut ho = best.heldOut();
    Dataset<Row> hoDf = spark.createDataFrame(ho.rows(), new StructType()
        .add(P_RAW, DataTypes.DoubleType).add("y", DataTypes.DoubleType));
    Map<String, PipelineModel> calibrators = new LinkedHashMap<>();
    Map<String, Calibration> calibrationMaps = new LinkedHashMap<>();
    for (String m : List.of(Calibration.NONE, Calibration.ISOTONIC, Calibration.PLATT)) {
      Object[] fitted = fitCalibration(m, hoDf);
      calibrators.put(m, (PipelineModel) fitted[0]);
      calibrationMaps.put(m, (Calibration) fitted[1]);
    }
    Calibration calibration = calibrationMaps.get(c.calibration());
    PipelineModel calibrator = calibrators.get(c.calibration());
    double[] hoCal = Arrays.stream(ho.p()).map(calibration::apply).toArray();
    double threshold = c.thresholdRule().choose(hoCal, ho.y());
    ctx.stage("calibration (" + c.calibration() + ") and threshold on held-out predictions", ho.p().length);

    // ---- reason tagger (negative training posts with a reason)
    Reasons reasons = c.reasons() ? Reasons.fit(spark, c, trainF, best.regParam()) : null;
    if (reasons != null) {
      ctx.stage("fit reason tagger (" + reasons.labels().size() + " reasons)", reasons.nTrain());
    }

    // ---- export the Spark-free scorer
    ScorerFile scorer = export(c, features, learner, calibration, threshold, reasons, ctx, nTrain);
    scorer.write(ctx.file(ScorerFile.FILE_NAME));

    // ---- save Spark models
    try {
      classifier.write().save(ctx.file(CLASSIFIER_DIR).toString());
      calibrator.write().save(ctx.file(CALIBRATION_DIR).toString());
      if (reasons != null) {
        reasons.model().write().save(ctx.file(REASONS_DIR).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model under " + ctx.file(MODEL_DIR), e);
    }

    // ---- evaluate once on the test set
    LoadedModel loaded = new LoadedModel(scorer, classifier, calibrator, reasons == null ? null : reasons.model());
    Dataset<Row> scored = loaded.score(test, true).persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> rows = scored.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.BRAND, PostColumns.CHANNEL,
        "label_idx", P_RAW, PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, "predicted_idx", PostColumns.REASON,
        PostColumns.NEGATIVE_REASON, "reason_pred_any").orderBy(PostColumns.POST_ID).collectAsList();
    ctx.stage("score test set", rows.size());

    Map<String, Object> metrics = Metrics.build(c, rows, classNames, threshold, nTrain, search, best, splitDesc,
        ho, calibrationMaps, reasons, ctx);

    // ---- parity: the exported scorer against Spark on every test post
    NegativityScorer local = new NegativityScorer(scorer);
    double maxDiff = 0;
    for (Row r : rows) {
      double d = Math.abs(local.pNegative(r.getString(1)) - r.getDouble(6));
      maxDiff = Math.max(maxDiff, d);
    }
    Map<String, Object> parity = new LinkedHashMap<>();
    parity.put("n", rows.size());
    parity.put("max_abs_diff_p_negative", maxDiff);
    metrics.put("scorer_parity", parity);
    ctx.stage(String.format(Locale.ROOT, "scorer parity (max |diff| %.2e)", maxDiff), rows.size());
    if (maxDiff > 1e-9) {
      throw new IllegalStateException("exported scorer differs from Spark by " + maxDiff + " (> 1e-9)");
    }

    // ---- outputs
    scored.select(PostColumns.POST_ID, PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.CREATED_AT,
        PostColumns.TEXT, PostColumns.LABEL, PostColumns.NEGATIVE_REASON, P_RAW, PostColumns.P_NEGATIVE,
        PostColumns.IS_NEGATIVE, "predicted_class", PostColumns.REASON)
        .coalesce(1).write().parquet(ctx.file(PREDICTIONS_DIR).toString());
    AtomicFiles.writeString(ctx.file(METRICS), Json.write(metrics));
    ModelCard.write(ctx.dir(), c, metrics, rows, classNames, scorer, search);
    ctx.stage("write metrics, predictions and model card", rows.size());
    scored.unpersist();
    trainF.unpersist();
    train.unpersist();
    test.unpersist();
    search.release();
    return new Result(metrics, scorer);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  // ------------------------------------------------------------------ data

  /** Reads posts, keeps labelled ones; for a test/val set a post without a label is an error. */
  static Dataset<Row> labelled(SparkSession spark, Path path, RunContext ctx, String what, boolean mustBeLabelled) {
    Dataset<Row> df = PostsDataset.read(spark, path);
    ctx.input(path);
    List<String> have = Arrays.asList(df.columns());
    for (String opt : List.of(PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE)) {
      if (!have.contains(opt)) {
        df = df.withColumn(opt, lit(null).cast(DataTypes.StringType));
      }
    }
    df = df.select(PostColumns.POST_ID, PostColumns.TEXT, PostColumns.LABEL, PostColumns.CREATED_AT,
        PostColumns.BRAND, PostColumns.CHANNEL, PostColumns.NEGATIVE_REASON, PostColumns.SOURCE);
    long total = df.count();
    long unlabelled = df.filter(col(PostColumns.LABEL).isNull()).count();
    if (mustBeLabelled && unlabelled > 0) {
      throw new DataException(path + ": " + what + " without labels (" + unlabelled + " of " + total
          + " posts have no 'label'); a test or validation set must be labelled");
    }
    Row bad = df.filter(col(PostColumns.LABEL).isNotNull()
        .and(functions.not(col(PostColumns.LABEL).isin("negative", "neutral", "positive")))).limit(1)
        .collectAsList().stream().findFirst().orElse(null);
    if (bad != null) {
      throw new DataException(path + ": post " + bad.getAs(PostColumns.POST_ID) + " (" + bad.getAs(PostColumns.SOURCE)
          + "): label '" + bad.getAs(PostColumns.LABEL) + "' is not negative, neutral or positive");
    }
    ctx.stage("read " + what + " (" + unlabelled + " unlabelled dropped)", total);
    return df.filter(col(PostColumns.LABEL).isNotNull());
  }

  /** Adds {@code label_idx} (binary: 1 negative, 0 rest; three-class: Label.index) and {@code y} (1 if negative). */
  static Dataset<Row> withTarget(Dataset<Row> df, Config c) {
    return withTarget(df, c.binary());
  }

  /** {@link #withTarget(Dataset, Config)} for a task given as binary or three-class. */
  public static Dataset<Row> withTarget(Dataset<Row> df, boolean binary) {
    Column neg = col(PostColumns.LABEL).equalTo("negative");
    Column idx = binary ? when(neg, 1.0).otherwise(0.0)
        : when(neg, 0.0).when(col(PostColumns.LABEL).equalTo("neutral"), 1.0).otherwise(2.0);
    return df.withColumn("label_idx", idx).withColumn("y", when(neg, 1.0).otherwise(0.0));
  }

  /**
   * Latest {@code fraction} of posts by (created_at, post_id, source) is the test set (source, the
   * input file and line, orders repeated ids deterministically).
   */
  @SuppressWarnings("unchecked")
  public static Dataset<Row>[] timeSplit(Dataset<Row> df, double fraction) {
    long n = df.count();
    long nTest = Math.round(n * fraction);
    Dataset<Row> ranked = df.withColumn("_rank", functions.row_number().over(
        Window.orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID), col(PostColumns.SOURCE))));
    return new Dataset[] {
        ranked.filter(col("_rank").leq(n - nTest)).drop("_rank"),
        ranked.filter(col("_rank").gt(n - nTest)).drop("_rank")};
  }

  /** Per label, the posts with the smallest seeded hash of post_id (round(n_label * fraction) of them) are test. */
  @SuppressWarnings("unchecked")
  static Dataset<Row>[] stratifiedSplit(Dataset<Row> df, double fraction, long seed) {
    Dataset<Row> ranked = df
        .withColumn("_h", functions.xxhash64(col(PostColumns.POST_ID), lit(seed)))
        .withColumn("_rank", functions.row_number().over(
            Window.partitionBy(col(PostColumns.LABEL)).orderBy(col("_h"), col(PostColumns.POST_ID), col(PostColumns.SOURCE))))
        .withColumn("_n", functions.count(lit(1)).over(Window.partitionBy(col(PostColumns.LABEL))));
    Column isTest = col("_rank").leq(functions.round(col("_n").multiply(fraction)));
    return new Dataset[] {ranked.filter(functions.not(isTest)).drop("_h", "_rank", "_n"),
        ranked.filter(isTest).drop("_h", "_rank", "_n")};
  }

  // ------------------------------------------------------------------ models

  /**
   * Features of {@code data}, cached in as many partitions as the session has cores: every
   * optimiser iteration aggregates one dense gradient (features x classes doubles) per partition,
   * so more partitions than cores only adds serialisation. The pipeline's {@link FeaturePipeline#STEPS}
   * columns are dropped before caching: with them, the cache for 11.2M generated posts filled 72 GB of
   * disk; without them it is 27 GB.
   */
  public static Dataset<Row> cachedFeatures(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> d = feats.transform(data).drop(FeaturePipeline.STEPS.toArray(new String[0]));
    d = d.rdd().getNumPartitions() > parts ? d.coalesce(parts) : d;
    return d.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The fitted features followed by the fitted learner, composed by an MLlib Pipeline of
   * transformers ({@code anyData} must be raw posts: only its schema is used).
   */
  static PipelineModel composed(PipelineModel features, Model<?> learner, Dataset<Row> anyData) {
    return new Pipeline().setStages(new PipelineStage[] {features, learner}).fit(anyData.limit(0));
  }

  /** Column expression of the raw p_negative for a scored frame. */
  public static Column pRawColumn(String learner, boolean binary) {
    if (SVC.equals(learner)) {
      return functions.callUDF(TextUdfs.SIGMOID,
          org.apache.spark.ml.functions.vector_to_array(col("rawPrediction"), "float64").getItem(1));
    }
    return org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(binary ? 1 : 0);
  }

  /**
   * Fits a calibration map on held-out (p_raw, y) pairs with MLlib: isotonic regression, or Platt
   * scaling (a one-feature logistic regression on logit(p_raw)), or none. Returns the Spark
   * PipelineModel (p_negative_raw to p_negative) and the same map for the scorer file.
   */
  static Object[] fitCalibration(String method, Dataset<Row> heldOut) {
    switch (method) {
      case Calibration.ISOTONIC -> {
        IsotonicRegressionModel iso = new IsotonicRegression().setFeaturesCol(P_RAW).setLabelCol("y")
            .setPredictionCol(PostColumns.P_NEGATIVE).setIsotonic(true).fit(heldOut);
        PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {iso}).fit(heldOut.limit(0));
        return new Object[] {pm, Calibration.isotonic(iso.boundaries().toArray(), iso.predictions().toArray())};
      }
      case Calibration.PLATT -> {
        String logit = "ln(greatest(least(" + P_RAW + ", 1 - 1e-12), 1e-12) / (1 - greatest(least(" + P_RAW
            + ", 1 - 1e-12), 1e-12)))";
        Dataset<Row> withLogit = new VectorAssembler().setInputCols(new String[] {"_logit"}).setOutputCol("_platt_x")
            .transform(heldOut.withColumn("_logit", functions.expr(logit)));
        LogisticRegressionModel lr = new LogisticRegression().setFeaturesCol("_platt_x").setLabelCol("y")
            .setRegParam(0).setStandardization(false).setMaxIter(100).fit(withLogit);
        double a = lr.coefficients().apply(0);
        double b = lr.intercept();
        SQLTransformer apply = new SQLTransformer().setStatement("SELECT *, " + TextUdfs.SIGMOID + "(CAST('"
            + a + "' AS DOUBLE) * " + logit + " + CAST('" + b + "' AS DOUBLE)) AS " + PostColumns.P_NEGATIVE
            + " FROM __THIS__");
        PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {apply}).fit(heldOut.limit(0));
        return new Object[] {pm, Calibration.platt(a, b)};
      }
      default -> {
        SQLTransformer id = new SQLTransformer().setStatement("SELECT *, " + P_RAW + " AS " + PostColumns.P_NEGATIVE
            + " FROM __THIS__");
        return new Object[] {new Pipeline().setStages(new PipelineStage[] {id}).fit(heldOut.limit(0)), Calibration.none()};
      }
    }
  }

  /** Builds the scorer file from the fitted Spark stages. */
  static ScorerFile export(Config c, PipelineModel features, Model<?> learner, Calibration cal, double threshold,
      Reasons reasons, RunContext ctx, long nTrain) {
    LinearHead head;
    int negClass;
    if (learner instanceof LogisticRegressionModel lr) {
      if (lr.numClasses() == 2 && c.binary()) {
        head = new LinearHead(LinearHead.SIGMOID, List.of("rest", "negative"),
            new double[][] {lr.coefficients().toArray()}, new double[] {lr.intercept()});
        negClass = 1;
      } else {
        head = new LinearHead(LinearHead.SOFTMAX, classNames(c), rows(lr.coefficientMatrix()),
            lr.interceptVector().toArray());
        negClass = c.binary() ? 1 : 0;
      }
    } else if (learner instanceof LinearSVCModel svc) {
      head = new LinearHead(LinearHead.SIGMOID, List.of("rest", "negative"),
          new double[][] {svc.coefficients().toArray()}, new double[] {svc.intercept()});
      negClass = 1;
    } else if (learner instanceof NaiveBayesModel nb) {
      head = new LinearHead(LinearHead.SOFTMAX, classNames(c), rows(nb.theta()), nb.pi().toArray());
      negClass = c.binary() ? 1 : 0;
    } else {
      throw new IllegalStateException("cannot export learner " + learner.getClass());
    }
    LinearHead reasonHead = null;
    if (reasons != null) {
      LogisticRegressionModel r = reasons.model();
      reasonHead = new LinearHead(LinearHead.SOFTMAX, reasons.labels(), rows(r.coefficientMatrix()),
          r.interceptVector().toArray());
    }
    Map<String, String> prov = new TreeMap<>();
    prov.put("runId", ctx.runId());
    prov.put("createdAt", Instant.now().toString());
    prov.put("trainPosts", Long.toString(nTrain));
    return new ScorerFile(ScorerFile.FORMAT, ScorerFile.FORMAT_VERSION, SocialTextNormalizer.VERSION, c.task(),
        c.learner(), FeaturePipeline.export(features), head, negClass, cal, threshold, reasonHead, prov);
  }

  static List<String> classNames(Config c) {
    return c.binary() ? List.of("rest", "negative")
        : List.of(Label.NEGATIVE.wire(), Label.NEUTRAL.wire(), Label.POSITIVE.wire());
  }

  static double[][] rows(Matrix m) {
    double[][] out = new double[m.numRows()][m.numCols()];
    for (int i = 0; i < m.numRows(); i++) {
      for (int j = 0; j < m.numCols(); j++) {
        out[i][j] = m.apply(i, j);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ held-out predictions

  /** Held-out raw p_negative, truth (negative or not) and, for three-class, predicted and true class. */
  record HeldOut(double[] p, boolean[] y, int[] truth, int[] predicted) {
    List<Row> rows() {
      List<Row> r = new ArrayList<>(p.length);
      for (int i = 0; i < p.length; i++) {
        r.add(RowFactory.create(p[i], y[i] ? 1.0 : 0.0));
      }
      return r;
    }

    static HeldOut collect(Dataset<Row> predicted, Config c) {
      List<Row> rows = predicted.select(col(P_RAW), col("y"), col("label_idx"), col("prediction"))
          .orderBy(col(P_RAW)).collectAsList();
      int n = rows.size();
      double[] p = new double[n];
      boolean[] y = new boolean[n];
      int[] t = new int[n];
      int[] pr = new int[n];
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        p[i] = r.getDouble(0);
        y[i] = r.getDouble(1) == 1.0;
        t[i] = (int) r.getDouble(2);
        pr[i] = (int) r.getDouble(3);
      }
      return new HeldOut(p, y, t, pr);
    }

    /** The search's selection metric: AUC-ROC (binary) or macro recall (three-class). */
    double score(Config c) {
      if (c.binary()) {
        return Evaluation.aucRoc(p, y);
      }
      return Evaluation.macro(Evaluation.recalls(Evaluation.confusion(truth, predicted, 3)),
          Evaluation.confusion(truth, predicted, 3));
    }
  }

  /** One grid point with its held-out score (and, with a validation set, its fitted model). */
  record Candidate(FeatureSpec features, double regParam, String weights, double score, HeldOut heldOut,
      Model<?> finalModel) {
    String describe() {
      return String.format(Locale.ROOT, "wordVocab=%d charNgrams=%s regParam=%s classWeights=%s", features.wordVocab(),
          features.chars(), regParam, weights);
    }
  }

  /** The searched text-feature settings: one fitted feature pipeline each. */
  record FeatureSpec(int wordVocab, FeaturePipeline.CharRange chars) {}

  /** Hyperparameter search over the grid, scored on validation or out-of-fold predictions. */
  static final class Search {
    final List<Candidate> candidates = new ArrayList<>();
    final Map<FeatureSpec, PipelineModel> featureModels = new HashMap<>();
    final List<Dataset<Row>> cached = new ArrayList<>();
    final Config c;
    final String heldOutDesc;

    Search(Config c, String heldOutDesc) {
      this.c = c;
      this.heldOutDesc = heldOutDesc;
    }

    String metricName() {
      return c.binary() ? "auc_roc" : "macro_recall";
    }

    String heldOutDescription() {
      return heldOutDesc;
    }

    Candidate best() {
      return candidates.stream().max(Comparator.comparingDouble(Candidate::score)).orElseThrow();
    }

    PipelineModel featuresFor(FeatureSpec spec) {
      return featureModels.get(spec);
    }

    void release() {
      cached.forEach(Dataset::unpersist);
    }

    static Search run(SparkSession spark, Config c, Dataset<Row> train, Dataset<Row> val, long foldSeed, RunContext ctx) {
      boolean byTime = val == null && foldsByTime(c, train);
      Search s = new Search(c, val != null ? "the given validation set"
          : byTime ? c.folds() + " contiguous time blocks of the training set, out-of-fold predictions"
          : c.folds() + "-fold stratified out-of-fold predictions on the training set (seed " + foldSeed + ")");
      boolean anyText = !train.filter(functions.size(functions.callUDF(TextUdfs.TOKENS, col(PostColumns.TEXT))).gt(0))
          .limit(1).isEmpty();
      if (!anyText) {
        throw new DataException(c.posts() + ": every training text is empty after normalisation; nothing to learn from");
      }
      Dataset<Row> folded = val != null ? null : byTime ? withTimeFolds(train, c.folds()) : withFolds(train, c.folds(), foldSeed);
      List<FeatureSpec> specs = new ArrayList<>();
      for (int wv : c.wordVocabs()) {
        for (FeaturePipeline.CharRange cr : c.charRanges()) {
          specs.add(new FeatureSpec(wv, cr));
        }
      }
      for (FeatureSpec spec : specs) {
        PipelineModel feats = FeaturePipeline.build(spec.wordVocab(), c.charVocab(), c.minDf(), spec.chars().min(),
            spec.chars().max()).fit(train);
        int[] sizes = FeaturePipeline.vocabularySizes(feats);
        if (sizes[0] + sizes[1] == 0) {
          throw new DataException(c.posts() + ": every training text is empty after normalisation (or no term occurs in "
              + c.minDf() + "+ posts); nothing to learn from");
        }
        s.featureModels.put(spec, feats);
        ctx.stage("fit text features (vocabulary " + sizes[0] + " word + " + sizes[1] + " char terms)", train.count());
        Dataset<Row> valF = val == null ? null : cachedFeatures(feats, val, spark);
        Dataset<Row> foldedF = folded == null ? null : cachedFeatures(feats, folded, spark);
        Dataset<Row> trainF = val == null ? null : cachedFeatures(feats, train, spark);
        for (Dataset<Row> d : new Dataset[] {valF, foldedF, trainF}) {
          if (d != null) {
            s.cached.add(d);
          }
        }
        for (String w : c.classWeights()) {
          for (double reg : c.regParams()) {
            Candidate proto = new Candidate(spec, reg, w, Double.NaN, null, null);
            HeldOut ho;
            Model<?> model = null;
            if (val != null) {
              model = fit(c, proto, trainF, spark);
              ho = HeldOut.collect(predict(model, valF, c), c);
            } else {
              Dataset<Row> oof = null;
              for (int k = 0; k < c.folds(); k++) {
                Model<?> m = fit(c, proto, foldedF.filter(col("_fold").notEqual(k)), spark);
                Dataset<Row> p = predict(m, foldedF.filter(col("_fold").equalTo(k)), c);
                oof = oof == null ? p : oof.unionByName(p);
              }
              ho = HeldOut.collect(oof, c);
            }
            Candidate cand = new Candidate(spec, reg, w, ho.score(c), ho, model);
            s.candidates.add(cand);
            ctx.stage("search " + cand.describe() + ": held-out " + s.metricName() + " " + fmt(cand.score()), ho.p().length);
          }
        }
      }
      // only the chosen candidate's model is kept
      Candidate best = s.best();
      for (int i = 0; i < s.candidates.size(); i++) {
        Candidate k = s.candidates.get(i);
        if (k != best && k.finalModel() != null) {
          s.candidates.set(i, new Candidate(k.features(), k.regParam(), k.weights(), k.score(), k.heldOut(), null));
        }
      }
      return s;
    }

    static boolean foldsByTime(Config c, Dataset<Row> train) {
      if (FOLDS_RANDOM.equals(c.foldsBy())) {
        return false;
      }
      boolean allTimed = train.filter(col(PostColumns.CREATED_AT).isNull()).limit(1).isEmpty();
      if (FOLDS_TIME.equals(c.foldsBy()) && !allTimed) {
        throw new DataException(c.posts() + ": --folds-by time needs created_at on every training post");
      }
      return allTimed;
    }

    /**
     * Blocked folds: posts in (created_at, post_id, source) order, cut into {@code k} contiguous
     * blocks of near-equal size. A model trained on the other blocks predicts a period it never saw,
     * so the held-out predictions (which fit the calibration) carry the drift between periods that
     * the test set and live posts will show; random folds hide it and calibrate over-confidently.
     */
    static Dataset<Row> withTimeFolds(Dataset<Row> train, int k) {
      long n = train.count();
      return train.withColumn("_fold", functions.floor(functions.row_number().over(
              Window.orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID), col(PostColumns.SOURCE)))
          .minus(1).multiply(k).divide(n)).cast(DataTypes.IntegerType));
    }

    /** Stratified seeded folds: within each label, posts ordered by a seeded hash are dealt round-robin. */
    static Dataset<Row> withFolds(Dataset<Row> train, int k, long seed) {
      return train.withColumn("_h", functions.xxhash64(col(PostColumns.POST_ID), lit(seed)))
          .withColumn("_fold", functions.pmod(functions.row_number().over(
              Window.partitionBy(col("label_idx")).orderBy(col("_h"), col(PostColumns.POST_ID), col(PostColumns.SOURCE))), lit(k)))
          .drop("_h");
    }

    /** Fits the learner for one grid point (adds class weights). */
    static Model<?> fit(Config c, Candidate p, Dataset<Row> data, SparkSession spark) {
      Dataset<Row> d = withWeights(data, p.weights());
      return switch (c.learner()) {
        case SVC -> new LinearSVC().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol("label_idx")
            .setWeightCol("weight").setRegParam(p.regParam()).setMaxIter(c.maxIter()).setStandardization(false).fit(d);
        case NB -> new NaiveBayes().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol("label_idx")
            .setWeightCol("weight").setSmoothing(Math.max(p.regParam(), 1e-9)).setModelType("multinomial").fit(d);
        default -> new LogisticRegression().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol("label_idx")
            .setWeightCol("weight").setRegParam(p.regParam()).setElasticNetParam(0).setStandardization(false)
            .setMaxIter(c.maxIter()).setTol(1e-7).setFamily(c.binary() ? "binomial" : "multinomial").fit(d);
      };
    }

    /** Balanced weights n / (k * n_class), or 1. */
    static Dataset<Row> withWeights(Dataset<Row> d, String weights) {
      if (!"balanced".equals(weights)) {
        return d.withColumn("weight", lit(1.0));
      }
      Dataset<Row> counts = d.groupBy("label_idx").count();
      long n = d.count();
      long k = counts.count();
      Dataset<Row> w = counts.withColumn("weight", lit((double) n).divide(col("count").multiply(k))).drop("count");
      return d.join(functions.broadcast(w), "label_idx");
    }

    static Dataset<Row> predict(Model<?> m, Dataset<Row> data, Config c) {
      return m.transform(data).withColumn(P_RAW, pRawColumn(c.learner(), c.binary()));
    }
  }

  // ------------------------------------------------------------------ reasons

  /** The reason tagger: multinomial LR over the same features, fitted on negative posts with a reason. */
  record Reasons(LogisticRegressionModel model, List<String> labels, long nTrain) {
    static Reasons fit(SparkSession spark, Config c, Dataset<Row> trainF, double regParam) {
      Dataset<Row> neg = trainF.filter(col("y").equalTo(1.0).and(col(PostColumns.NEGATIVE_REASON).isNotNull()));
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

  // ------------------------------------------------------------------ scoring (shared with ScoreJob)

  /** A trained model loaded for Spark scoring: classifier pipeline, calibration, optional reasons. */
  public record LoadedModel(ScorerFile meta, PipelineModel classifier, PipelineModel calibrator,
      LogisticRegressionModel reasons) {

    /** Loads a train run folder (checks the scorer file's version first). */
    public static LoadedModel load(SparkSession spark, Path dir) {
      ScorerFile meta = ScorerFile.read(dir.resolve(ScorerFile.FILE_NAME));
      TextUdfs.register(spark);
      try {
        PipelineModel clf = PipelineModel.load(dir.resolve(CLASSIFIER_DIR).toString());
        PipelineModel cal = PipelineModel.load(dir.resolve(CALIBRATION_DIR).toString());
        LogisticRegressionModel r = Files.isDirectory(dir.resolve(REASONS_DIR))
            ? LogisticRegressionModel.load(dir.resolve(REASONS_DIR).toString()) : null;
        return new LoadedModel(meta, clf, cal, r);
      } catch (RuntimeException e) {
        throw new DataException(dir + ": cannot load the Spark model under " + MODEL_DIR + "/: " + e.getMessage(), e);
      }
    }

    /**
     * Adds {@code p_negative_raw}, {@code p_negative}, {@code is_negative} (at the model's threshold)
     * and {@code reason} (for negative posts, when the model tags reasons); with {@code keepDiagnostics}
     * also {@code predicted_idx}/{@code predicted_class} and {@code reason_pred_any} (the reason
     * tagger's answer for every post, used to evaluate it on truly negative posts).
     */
    public Dataset<Row> score(Dataset<Row> posts, boolean keepDiagnostics) {
      boolean binary = BINARY.equals(meta.task());
      Dataset<Row> d = posts;
      for (String c : List.of(PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE, PostColumns.REASON, P_RAW)) {
        if (Arrays.asList(d.columns()).contains(c)) {
          d = d.drop(c);
        }
      }
      d = classifier.transform(d).withColumn(P_RAW, pRawColumn(meta.learner(), binary));
      d = calibrator.transform(d);
      d = d.withColumn(PostColumns.IS_NEGATIVE, col(PostColumns.P_NEGATIVE).geq(meta.threshold()));
      List<String> classes = meta.head().classes();
      Column[] names = classes.stream().map(functions::lit).toArray(Column[]::new);
      d = d.withColumn("predicted_idx", col("prediction").cast(DataTypes.IntegerType))
          .withColumn("predicted_class", functions.element_at(functions.array(names), col("predicted_idx").plus(1)));
      if (reasons != null && meta.reasons() != null) {
        Column[] rn = meta.reasons().classes().stream().map(functions::lit).toArray(Column[]::new);
        d = reasons.transform(d).withColumn("reason_pred_any", functions.element_at(functions.array(rn),
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
  }
}
