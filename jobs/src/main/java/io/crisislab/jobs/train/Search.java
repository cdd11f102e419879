package io.crisislab.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.post.PostColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Hyperparameter search over the grid (feature settings x class weights x regularisation), each
 * point scored on held-out predictions only: the given validation set, or out-of-fold predictions
 * (time-blocked or stratified folds). The fits of one feature setting run concurrently
 * ({@link #concurrentFits}); each fit is the same as it would be alone, so the choice does not
 * depend on the concurrency. A heartbeat line every {@value Progress#TICK_SECONDS} s names a
 * grid point and fold being fitted, with the time left.
 */
final class Search {
  /**
   * One grid point with its held-out score and, when it could be fitted during the search, the
   * final model: with a validation set the one fitted on the training set; with folds and a
   * one-point grid (nothing to choose) the refit on all training data, run alongside the folds.
   */
  record Candidate(FeatureSpec features, double regParam, ClassWeight weights, double score, HeldOut heldOut,
      Model<?> finalModel) {
    String describe() {
      return String.format(Locale.ROOT, "%s regParam=%s classWeights=%s", features.describe(), regParam, weights);
    }
  }

  /**
   * The searched text-feature settings, one fitted feature pipeline each: n-gram TF-IDF
   * ({@code ngrams}; vocabulary and character range), then, when {@code encoder} is not null,
   * {@code blockWeight} times that encoder's sentence embedding (the embedding alone without n-grams).
   */
  record FeatureSpec(int wordVocab, CharRange chars, boolean ngrams, SentenceEncoder encoder, Double blockWeight) {
    static FeatureSpec ngramsOnly(int wordVocab, CharRange chars) {
      return new FeatureSpec(wordVocab, chars, true, null, null);
    }

    /** "ngrams", "ngrams+embedding" or "embedding". */
    String kind() {
      return blockWeight == null ? "ngrams" : ngrams ? "ngrams+embedding" : "embedding";
    }

    String describe() {
      String ng = String.format(Locale.ROOT, "wordVocab=%d charNgrams=%s", wordVocab, chars);
      return switch (kind()) {
        case "ngrams" -> ng;
        case "embedding" -> "features=embedding encoder=" + encoder;
        default -> "features=ngrams+embedding " + ng + " encoder=" + encoder + " blockWeight=" + blockWeight;
      };
    }
  }

  final List<Candidate> candidates = new ArrayList<>();
  private final Map<FeatureSpec, PipelineModel> featureModels = new HashMap<>();
  private final Map<FeatureSpec, Dataset<Row>> trainFeatures = new HashMap<>();
  private final Map<FeatureSpec, List<Dataset<Row>>> cached = new HashMap<>();
  private final Map<FeatureSpec, PipelineModel> ngramModels = new HashMap<>();
  private final TrainJob.Config c;
  private final String heldOutDesc;

  private Search(TrainJob.Config c, String heldOutDesc) {
    this.c = c;
    this.heldOutDesc = heldOutDesc;
  }

  /** The selection metric's key in metrics.json. */
  String metricName() {
    return c.binary() ? "aucRoc" : "macroRecall";
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

  /**
   * The cached features of every training post for {@code spec} (with a {@code _fold} column when
   * the search used folds): the final fit and the reason tagger read them instead of featurising
   * the training set again. Valid until {@link #release}.
   */
  Dataset<Row> trainFeaturesFor(FeatureSpec spec) {
    return trainFeatures.get(spec);
  }

  /** The fitted n-gram stages, keyed by {@link FeatureSpec#ngramsOnly}: another search on the same posts may reuse them. */
  Map<FeatureSpec, PipelineModel> ngramStages() {
    return Map.copyOf(ngramModels);
  }

  void release() {
    cached.values().forEach(l -> l.forEach(Dataset::unpersist));
  }

  /**
   * Runs the search. With one feature setting, {@code onTrainFeatures} is called with its cached
   * training features (as {@link #trainFeaturesFor} returns them) before the fits start, so work
   * that needs only those (the reason tagger) can run alongside the fits.
   */
  static Search run(SparkSession spark, TrainJob.Config c, Dataset<Row> train, Dataset<Row> val, long foldSeed,
      RunContext ctx, Consumer<Dataset<Row>> onTrainFeatures) {
    return run(spark, c, train, val, foldSeed, ctx, onTrainFeatures, Map.of());
  }

  /**
   * {@link #run}, reusing n-gram stages another search fitted on the same training posts
   * ({@link #ngramStages}, keyed by {@link FeatureSpec#ngramsOnly}) instead of fitting them again.
   */
  static Search run(SparkSession spark, TrainJob.Config c, Dataset<Row> train, Dataset<Row> val, long foldSeed,
      RunContext ctx, Consumer<Dataset<Row>> onTrainFeatures, Map<FeatureSpec, PipelineModel> fittedNgrams) {
    boolean byTime = val == null && foldsByTime(c, train);
    Search s = new Search(c, val != null ? "the given validation set"
        : byTime ? c.folds() + " contiguous time blocks of the training set, out-of-fold predictions"
        : c.folds() + "-fold stratified out-of-fold predictions on the training set (seed " + foldSeed + ")");
    s.ngramModels.putAll(fittedNgrams);
    boolean anyText = !train.filter(functions.size(functions.callUDF(TextUdfs.TOKENS, col(PostColumns.TEXT))).gt(0))
        .limit(1).isEmpty();
    if (!anyText) {
      throw new DataException(c.posts() + ": every training text is empty after normalisation; nothing to learn from");
    }
    Dataset<Row> folded = val != null ? null : byTime ? withTimeFolds(train, c.folds()) : withFolds(train, c.folds(), foldSeed);
    List<FeatureSpec> specs = specs(c);
    int points = specs.size() * c.classWeights().size() * c.regParams().size();
    int fitsPerPoint = val != null ? 1 : c.folds();
    ExecutorService pool = Executors.newFixedThreadPool(concurrentFits(spark, (long) points * fitsPerPoint));
    try (Progress.Heartbeat beat = ctx.progress().heartbeat("search", (long) points * fitsPerPoint)) {
      AtomicLong done = new AtomicLong();
      int point = 0;
      for (FeatureSpec spec : specs) {
        beat.at(done.get(), "text features " + spec.describe());
        PipelineModel feats = s.fitFeatures(spec, train, ctx);
        s.featureModels.put(spec, feats);
        Dataset<Row> valF = val == null ? null : s.cache(spec, FeaturePipeline.cached(feats, val, spark));
        Dataset<Row> foldedF = folded == null ? null : s.cache(spec, FeaturePipeline.cached(feats, folded, spark));
        Dataset<Row> trainF = val == null ? null : s.cache(spec, FeaturePipeline.cached(feats, train, spark));
        s.trainFeatures.put(spec, val == null ? foldedF : trainF);
        if (specs.size() == 1) {
          onTrainFeatures.accept(s.trainFeatures.get(spec));
        }
        // every fit of this feature setting (grid point x fold, and the final refit of a one-point
        // grid, which needs no choosing) at once: each is a chain of small Spark jobs with driver
        // work in between, so concurrent fits keep the cores busy where one fit leaves them idle
        List<Candidate> protos = new ArrayList<>();
        for (ClassWeight w : c.classWeights()) {
          for (double reg : c.regParams()) {
            protos.add(new Candidate(spec, reg, w, Double.NaN, null, null));
          }
        }
        boolean refitNow = val == null && points == 1;
        List<Callable<Model<?>>> fits = new ArrayList<>();
        for (int i = 0; i < protos.size(); i++) {
          Candidate proto = protos.get(i);
          String at = "grid point " + (point + i + 1) + "/" + points + " (" + proto.describe() + ")";
          for (int k = 0; k < fitsPerPoint; k++) {
            int fold = k;
            Dataset<Row> on = val != null ? trainF : foldedF.filter(col("_fold").notEqual(fold));
            String where = val != null ? at : at + ", fold " + (fold + 1) + "/" + c.folds();
            fits.add(() -> {
              beat.at(done.get(), where);
              Model<?> m = fit(c, proto, on);
              beat.at(done.incrementAndGet(), where + " done");
              return m;
            });
          }
          if (refitNow) {
            fits.add(() -> fit(c, proto, foldedF));
          }
        }
        List<Model<?>> models = all(pool, fits);
        int perProto = fitsPerPoint + (refitNow ? 1 : 0);
        List<Callable<HeldOut>> collects = new ArrayList<>();
        for (int i = 0; i < protos.size(); i++) {
          List<Model<?>> mine = models.subList(i * perProto, i * perProto + fitsPerPoint);
          collects.add(() -> {
            if (val != null) {
              return HeldOut.collect(predict(mine.get(0), valF, c));
            }
            Dataset<Row> oof = null;
            for (int k = 0; k < mine.size(); k++) {
              Dataset<Row> p = predict(mine.get(k), foldedF.filter(col("_fold").equalTo(k)), c);
              oof = oof == null ? p : oof.unionByName(p);
            }
            return HeldOut.collect(oof);
          });
        }
        List<HeldOut> heldOut = all(pool, collects);
        for (int i = 0; i < protos.size(); i++) {
          point++;
          Candidate proto = protos.get(i);
          HeldOut ho = heldOut.get(i);
          Model<?> kept = val != null ? models.get(i * perProto) : refitNow ? models.get(i * perProto + fitsPerPoint) : null;
          Candidate cand = new Candidate(spec, proto.regParam(), proto.weights(), ho.score(c), ho, kept);
          s.candidates.add(cand);
          ctx.stage("search " + point + "/" + points + " " + cand.describe() + ": held-out " + s.metricName() + " "
              + TrainJob.fmt(cand.score()), ho.p().length);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // only the chosen candidate's model and features are kept
    Candidate best = s.best();
    s.cached.forEach((spec, l) -> {
      if (!spec.equals(best.features())) {
        l.forEach(Dataset::unpersist);
      }
    });
    for (int i = 0; i < s.candidates.size(); i++) {
      Candidate k = s.candidates.get(i);
      if (k != best && k.finalModel() != null) {
        s.candidates.set(i, new Candidate(k.features(), k.regParam(), k.weights(), k.score(), k.heldOut(), null));
      }
    }
    return s;
  }

  /**
   * The grid's feature settings: n-grams alone, or for each encoder each block weight and the
   * embedding alone (encoder by encoder, so one encoder's embeddings are made before the next's).
   */
  static List<FeatureSpec> specs(TrainJob.Config c) {
    List<FeatureSpec> specs = new ArrayList<>();
    for (SentenceEncoder e : c.hasEncoder() ? c.encoders() : List.<SentenceEncoder>of()) {
      for (int wv : c.wordVocabs()) {
        for (CharRange cr : c.charRanges()) {
          for (double w : c.blockWeights()) {
            specs.add(new FeatureSpec(wv, cr, true, e, w));
          }
        }
      }
      specs.add(new FeatureSpec(0, null, false, e, 1.0));
    }
    if (!c.hasEncoder()) {
      for (int wv : c.wordVocabs()) {
        for (CharRange cr : c.charRanges()) {
          specs.add(FeatureSpec.ngramsOnly(wv, cr));
        }
      }
    }
    return specs;
  }

  /** The feature pipeline of one spec; the n-gram stage is fitted once per vocabulary setting and shared. */
  private PipelineModel fitFeatures(FeatureSpec spec, Dataset<Row> train, RunContext ctx) {
    PipelineModel ngrams = null;
    if (spec.ngrams()) {
      FeatureSpec key = FeatureSpec.ngramsOnly(spec.wordVocab(), spec.chars());
      ngrams = ngramModels.get(key);
      if (ngrams == null) {
        ngrams = FeaturePipeline.build(spec.wordVocab(), c.charVocab(), c.minDf(), spec.chars().min(), spec.chars().max())
            .fit(train);
        int[] sizes = FeaturePipeline.vocabularySizes(ngrams);
        if (sizes[0] + sizes[1] == 0) {
          throw new DataException(c.posts() + ": every training text is empty after normalisation (or no term occurs in "
              + c.minDf() + "+ posts); nothing to learn from");
        }
        ngramModels.put(key, ngrams);
        ctx.stage("fit text features (vocabulary " + sizes[0] + " word + " + sizes[1] + " char terms)", train.count());
      }
    }
    return spec.encoder() == null ? ngrams : FeaturePipeline.withEncoder(ngrams, spec.encoder(), spec.blockWeight(),
        c.embeddingCache(ctx).toString(), train);
  }

  /**
   * Fits run at once: one more than the cores (at most {@value #MAX_CONCURRENT_FITS}, as each holds
   * its own blockified copy of the training rows while it runs), never more than there are fits.
   * One more, because between two passes a fit's optimiser step runs on the driver alone (40 % of
   * a TweetEval fit's time: breeze's L-BFGS over 955k coefficients) and leaves the cores to the
   * other fits' tasks; with only as many fits as cores, the last fit of three ran alone with a core
   * idle through each of its steps (docs/train.md, "The default train, tenth part": 17–29 s less wall
   * time for the default TweetEval train, the same CPU).
   */
  static int concurrentFits(SparkSession spark, long fits) {
    int cores = Math.max(1, spark.sparkContext().defaultParallelism());
    return (int) Math.max(1, Math.min(fits, Math.min(cores + 1, MAX_CONCURRENT_FITS)));
  }

  static final int MAX_CONCURRENT_FITS = 4;

  /** Runs {@code tasks} on {@code pool}; their results in task order; the first failure is rethrown as is. */
  static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
    List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
    List<T> out = new ArrayList<>(futures.size());
    try {
      for (Future<T> f : futures) {
        out.add(await(f));
      }
    } catch (RuntimeException | Error e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    return out;
  }

  /** The result of {@code f}; its failure is rethrown as is (a DataException keeps its exit code). */
  static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Dataset<Row> cache(FeatureSpec spec, Dataset<Row> d) {
    cached.computeIfAbsent(spec, k -> new ArrayList<>()).add(d);
    return d;
  }

  static boolean foldsByTime(TrainJob.Config c, Dataset<Row> train) {
    if (c.foldsBy() == FoldsBy.RANDOM) {
      return false;
    }
    boolean allTimed = train.filter(col(PostColumns.CREATED_AT).isNull()).limit(1).isEmpty();
    if (c.foldsBy() == FoldsBy.TIME && !allTimed) {
      throw new DataException(c.posts() + ": --folds-by time needs created_at on every training post");
    }
    return allTimed;
  }

  /**
   * Blocked folds: posts in (created_at, post_id, source) order, cut into {@code k} contiguous
   * blocks of near-equal size. A model trained on the other blocks predicts a period it never saw,
   * so the held-out predictions (which fit the calibration) carry the drift between periods that
   * the test set and live posts will show; random folds hide it and calibrate over-confidently. A
   * training set from the time split carries its rank in that order ({@link TrainingData#TIME_RANK}),
   * which is used instead of sorting again.
   */
  static Dataset<Row> withTimeFolds(Dataset<Row> train, int k) {
    long n = train.count();
    var rank = List.of(train.columns()).contains(TrainingData.TIME_RANK) ? col(TrainingData.TIME_RANK)
        : functions.row_number().over(
            Window.orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID), col(PostColumns.SOURCE)));
    return train.withColumn("_fold", functions.floor(rank.minus(1).multiply(k).divide(n)).cast(DataTypes.IntegerType));
  }

  /** Stratified seeded folds: within each label, posts ordered by a seeded hash are dealt round-robin. */
  static Dataset<Row> withFolds(Dataset<Row> train, int k, long seed) {
    return train.withColumn("_h", functions.xxhash64(col(PostColumns.POST_ID), lit(seed)))
        .withColumn("_fold", functions.pmod(functions.row_number().over(
            Window.partitionBy(col(TrainingData.LABEL_IDX)).orderBy(col("_h"), col(PostColumns.POST_ID),
                col(PostColumns.SOURCE))), lit(k)))
        .drop("_h");
  }

  /** Fits the learner for one grid point (adds class weights). */
  static Model<?> fit(TrainJob.Config c, Candidate p, Dataset<Row> data) {
    Dataset<Row> d = withWeights(data, p.weights());
    return switch (c.learner()) {
      case LINEAR_SVC -> new LinearSVC().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(TrainingData.LABEL_IDX)
          .setWeightCol("weight").setRegParam(p.regParam()).setMaxIter(c.maxIter()).setStandardization(false)
          .setMaxBlockSizeInMB(FeaturePipeline.FIT_BLOCK_MB).fit(d);
      case NAIVE_BAYES -> new NaiveBayes().setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(TrainingData.LABEL_IDX)
          .setWeightCol("weight").setSmoothing(Math.max(p.regParam(), 1e-9)).setModelType("multinomial").fit(d);
      case LOGISTIC_REGRESSION -> FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, p.regParam(), c.maxIter(),
          !c.binary()).setWeightCol("weight").fit(d);
    };
  }

  /** Balanced weights n / (k * n_class), or 1. */
  static Dataset<Row> withWeights(Dataset<Row> d, ClassWeight weights) {
    if (weights != ClassWeight.BALANCED) {
      return d.withColumn("weight", lit(1.0));
    }
    Dataset<Row> counts = d.groupBy(TrainingData.LABEL_IDX).count();
    long n = d.count();
    long k = counts.count();
    Dataset<Row> w = counts.withColumn("weight", lit((double) n).divide(col("count").multiply(k))).drop("count");
    return d.join(functions.broadcast(w), TrainingData.LABEL_IDX);
  }

  static Dataset<Row> predict(Model<?> m, Dataset<Row> data, TrainJob.Config c) {
    return m.transform(data).withColumn(TrainedModel.P_RAW, TrainedModel.pRawColumn(c.learner(), c.task()));
  }
}
