package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.StackedBlendModel;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.scorer.Blend;
import io.crisislab.models.scorer.Cascade;
import io.crisislab.models.scorer.ScorerFile;
import io.crisislab.models.stats.Bootstrap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The stacked-blend grid variant (issue 19, {@code --blend}): a logistic regression ({@link Blend})
 * over two base models' held-out answers, the n-gram model (the cascade's front, chosen by its own
 * search) and the best embedding-alone grid point. Each base is the best of its kind on the
 * held-out score, not a fixed grid point: the blend then competes with the best single models the
 * same held-out predictions allow, and the n-gram base is exactly the cascade's front, so the live
 * scorer computes the front's answer once for both.
 *
 * <p>Its held-out score is cross-fitted: the meta-model that predicts a held-out block is fitted on
 * the other blocks' paired predictions only (time blocks or folds; with a validation set, the
 * alternate posts in p order), as {@link Calibrate#crossFittedEce} does for calibration. The blend
 * is chosen only when that score beats the best single grid point's. The final meta-model is
 * fitted on all paired held-out predictions, the base models are refitted on all training posts.
 *
 * @param blend the final meta-model
 * @param heldOut the blend's cross-fitted held-out predictions (what it competes and is calibrated on)
 * @param ngram the n-gram base's grid point
 * @param encoder the embedding-alone base's grid point
 * @param best the best single grid point it competed with
 * @param crossFittedScore the search metric on {@code heldOut}
 */
record StackedBlend(Blend blend, HeldOut heldOut, Search.Candidate ngram, Search.Candidate encoder,
    Search.Candidate best, double crossFittedScore) {
  /** The meta-model's L-BFGS tolerance and iteration cap. */
  static final double META_TOL = 1e-9;
  static final int META_MAX_ITER = 200;

  /** Whether the blend beats the best single model on the held-out predictions. */
  boolean chosen() {
    return crossFittedScore > best.score();
  }

  /**
   * Scores the blend; null when the search has no embedding-alone point. {@code cascade} holds the
   * n-gram model (its held-out predictions cover the same posts as the encoder search's).
   */
  static StackedBlend score(SparkSession spark, TrainJob.Config c, Search search, Search.Candidate best,
      CascadeFit cascade, RunContext ctx) {
    Search.Candidate enc = search.candidates.stream().filter(k -> k.features().kind().equals("embedding"))
        .max(Comparator.comparingDouble(Search.Candidate::score)).orElse(null);
    if (enc == null) {
      return null;
    }
    Paired d = Paired.of(c, cascade.chosen().heldOut(), enc.heldOut());
    int n = d.truth.length;
    int[] part = Arrays.stream(d.fold).distinct().count() > 1 ? d.fold : IntStream.range(0, n).map(i -> i % 2).toArray();
    double[][] probs = new double[n][];
    for (int k : Arrays.stream(part).distinct().toArray()) {
      int[] fitOn = IntStream.range(0, n).filter(i -> part[i] != k).toArray();
      Blend meta = fit(spark, c, d, fitOn);
      for (int i = 0; i < n; i++) {
        if (part[i] == k) {
          probs[i] = meta.apply(d.ngram[i], d.encoder[i]);
        }
      }
    }
    HeldOut ho = d.heldOut(c, probs);
    Blend blend = fit(spark, c, d, IntStream.range(0, n).toArray());
    StackedBlend s = new StackedBlend(blend, ho, cascade.chosen(), enc, best, ho.score(c));
    ctx.stage(String.format(Locale.ROOT, "stacked blend of the n-gram model (%s %.4f) and %s (%.4f): cross-fitted held-out "
        + "%s %.4f vs best single %.4f: %s", cascade.metric(), cascade.chosen().score(), enc.describe(), enc.score(),
        search.metricName(), s.crossFittedScore(), best.score(), s.chosen() ? "blend chosen" : "not chosen"), n);
    return s;
  }

  /** The meta-model fitted on the paired rows {@code on}. */
  private static Blend fit(SparkSession spark, TrainJob.Config c, Paired d, int[] on) {
    int[] label = IntStream.range(0, d.truth.length).map(i -> c.binary() ? (d.y[i] ? 1 : 0) : d.truth[i]).toArray();
    return fitMeta(spark, c.binary(), d.ngram, d.encoder, label, on);
  }

  /**
   * The meta-model over rows {@code on}: an unpenalised logistic regression of {@code label} (binary:
   * 0/1, binomial; else the class index, multinomial) on the rows' {@link Blend#inputs}, fitted by the
   * project's one LR fit ({@link FeaturePipeline#logisticRegression}) with tolerance
   * {@value #META_TOL}: a handful of inputs, so a tight tolerance costs little.
   */
  static Blend fitMeta(SparkSession spark, boolean binary, double[][] ngram, double[][] encoder, int[] label, int[] on) {
    StructType schema = new StructType().add(TrainingData.LABEL_IDX, DataTypes.DoubleType)
        .add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>(on.length);
    for (int i : on) {
      rows.add(RowFactory.create((double) label[i], Vectors.dense(Blend.inputs(ngram[i], encoder[i]))));
    }
    LogisticRegressionModel m = FeaturePipeline.logisticRegression(TrainingData.LABEL_IDX, 0, META_MAX_ITER, !binary)
        .setTol(META_TOL).fit(spark.createDataFrame(rows, schema));
    if (binary) {
      return new Blend(Blend.LOG_ODDS, new double[][] {m.coefficients().toArray()}, new double[] {m.intercept()});
    }
    Matrix w = m.coefficientMatrix();
    double[][] rowsW = new double[w.numRows()][w.numCols()];
    for (int r = 0; r < rowsW.length; r++) {
      for (int j = 0; j < rowsW[r].length; j++) {
        rowsW[r][j] = w.apply(r, j);
      }
    }
    return new Blend(Blend.LOG_PROBABILITIES, rowsW, m.interceptVector().toArray());
  }

  /** The two bases' held-out class probabilities of the same posts, paired by key. */
  private record Paired(double[][] ngram, double[][] encoder, boolean[] y, int[] truth, String[] ids, int[] fold) {
    static Paired of(TrainJob.Config c, HeldOut ng, HeldOut enc) {
      int n = ng.ids().length;
      if (n != enc.ids().length || ng.probs()[0] == null || enc.probs()[0] == null) {
        throw new IllegalStateException("the blend needs both models' class probabilities for the same held-out posts");
      }
      // keys may repeat (the same post twice): the k-th copy in one list pairs with the k-th in the other
      Map<String, ArrayDeque<Integer>> at = new HashMap<>();
      for (int j = 0; j < n; j++) {
        at.computeIfAbsent(enc.ids()[j], k -> new ArrayDeque<>()).add(j);
      }
      Paired d = new Paired(new double[n][], new double[n][], new boolean[n], new int[n], new String[n], new int[n]);
      for (int i = 0; i < n; i++) {
        ArrayDeque<Integer> js = at.get(ng.ids()[i]);
        Integer j = js == null ? null : js.poll();
        if (j == null) {
          throw new IllegalStateException("post " + ng.ids()[i] + " is held out for the n-gram model only");
        }
        d.ngram[i] = ng.probs()[i];
        d.encoder[i] = enc.probs()[j];
        d.y[i] = ng.y()[i];
        d.truth[i] = ng.truth()[i];
        d.ids[i] = ng.ids()[i];
        d.fold[i] = ng.fold()[i];
      }
      return d;
    }

    /** Held-out predictions from the blend's class probabilities, in ascending p order as {@link HeldOut} keeps them. */
    HeldOut heldOut(TrainJob.Config c, double[][] probs) {
      int neg = c.binary() ? 1 : 0; // the class TrainedModel.pRawColumn reads
      Integer[] order = IntStream.range(0, probs.length).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(i -> probs[i][neg]));
      int n = order.length;
      HeldOut h = new HeldOut(new double[n], new boolean[n], new int[n], new int[n], new String[n], new double[n][],
          new int[n]);
      for (int r = 0; r < n; r++) {
        int i = order[r];
        h.p()[r] = probs[i][neg];
        h.y()[r] = y[i];
        h.truth()[r] = truth[i];
        h.predicted()[r] = Vectors.dense(probs[i]).argmax();
        h.ids()[r] = ids[i];
        h.probs()[r] = probs[i];
        h.fold()[r] = fold[i];
      }
      return h;
    }
  }

  /**
   * The blend as a Spark classifier: the n-gram model's features and learner writing their own
   * columns, the encoder base's features and learner ({@code encoderFeatures}, {@code encoderLearner}),
   * then {@link StackedBlendModel}; {@code schemaOf} gives the input schema.
   */
  PipelineModel classifier(PipelineModel ngramClassifier, PipelineModel encoderFeatures, Model<?> encoderLearner,
      org.apache.spark.sql.Dataset<Row> schemaOf) {
    PipelineModel ngFeatures = (PipelineModel) ngramClassifier.stages()[0];
    Transformer ngStage = ngFeatures.stages()[0];
    Transformer ngTf = ngStage.copy(new ParamMap().put(ngStage.getParam("outputCol"), StackedBlendModel.NGRAM_FEATURES));
    LogisticRegressionModel ngLr = ((LogisticRegressionModel) ngramClassifier.stages()[1]).copy(new ParamMap());
    ngLr.setFeaturesCol(StackedBlendModel.NGRAM_FEATURES).setProbabilityCol(StackedBlendModel.NGRAM_PROBABILITY)
        .setRawPredictionCol(StackedBlendModel.NGRAM_RAW).setPredictionCol(StackedBlendModel.NGRAM_PREDICTION);
    return new Pipeline().setStages(new PipelineStage[] {ngTf, ngLr, encoderFeatures, encoderLearner,
        StackedBlendModel.of(blend)}).fit(schemaOf.limit(0));
  }

  /**
   * The cascade in front of the blend: the same n-gram front, its band chosen again on the front's
   * and the blend's paired held-out predictions (the blend is the model it must keep 99 % of).
   */
  CascadeFit rebanded(TrainJob.Config c, CascadeFit front, Calibrate blendCal, RunContext ctx) {
    ScorerFile ng = front.ngram();
    Calibrate ngCal = new Calibrate(null, ng.calibration(), Map.of(), ng.threshold(), Map.of(), null, null);
    Cascade.Choice choice = CascadeFit.band(c, ngram.heldOut(), ngCal, heldOut, blendCal, Bootstrap.RESAMPLES,
        ctx.seed("cascade"));
    return new CascadeFit(ng, front.model(), new Cascade(ng, choice.margin(), CascadeFit.KEEP, choice.figures()), choice,
        front.bandOn(), front.chosen(), front.metric());
  }

  /** The file of the blend: the encoder base's file (cascade included) with the meta-model (format version 4, or 5 with a prior-shift record). */
  ScorerFile file(ScorerFile encoderBase) {
    ScorerFile f = encoderBase;
    return new ScorerFile(f.format(), ScorerFile.versionFor(f.encoder(), f.cascade(), blend, f.calibration()),
        f.normalizerVersion(), f.task(), f.learner(),
        f.blocks(), f.encoder(), f.cascade(), f.head(), f.negativeClass(), f.calibration(), f.threshold(), f.reasons(),
        f.provenance(), blend);
  }

  /** metrics.json's description of the blend: its grid entry (held-out score, bases, meta weights). */
  Map<String, Object> describe(String metric) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("features", "blend");
    g.put("encoder", encoder.features().encoder().toString());
    g.put("ngramBase", ngram.describe() + " (held-out " + metric + " " + TrainJob.fmt(ngram.score()) + ")");
    g.put("encoderBase", encoder.describe() + " (held-out " + metric + " " + TrainJob.fmt(encoder.score()) + ")");
    g.put("metaInputs", blend.inputs());
    g.put("metaWeights", Arrays.stream(blend.weights()).map(r -> Arrays.stream(r).boxed().toList()).toList());
    g.put("metaIntercepts", Arrays.stream(blend.intercepts()).boxed().toList());
    g.put("heldOutScore", crossFittedScore);
    g.put("heldOutScoreIs", "cross-fitted: each held-out block scored by the meta-model fitted on the other blocks");
    g.put("chosen", chosen());
    return g;
  }

  /**
   * Adds the blend to metrics.json: {@code hyperparameters.grid} (and {@code chosen} when it is) and
   * {@code blend}, which also holds {@code testVersusBestSingle} ({@link BlendGain}) when given.
   */
  @SuppressWarnings("unchecked")
  void report(Map<String, Object> metrics, String metric, Map<String, Object> gain) {
    Map<String, Object> hp = (Map<String, Object>) metrics.get("hyperparameters");
    Map<String, Object> entry = describe(metric);
    ((List<Object>) hp.get("grid")).add(entry);
    if (chosen()) {
      hp.put("chosen", entry);
    }
    Map<String, Object> b = new LinkedHashMap<>(entry);
    if (gain != null) {
      b.put("testVersusBestSingle", gain);
    }
    metrics.put("blend", b);
  }
}
