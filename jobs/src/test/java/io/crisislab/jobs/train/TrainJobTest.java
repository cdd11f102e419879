package io.crisislab.jobs.train;


import io.crisislab.jobs.cli.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.model.TextUdfs;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.score.ScoreJob;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.NegativityScorer;
import io.crisislab.models.scorer.ScorerFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  static Settings<TrainJob.Config> small(Path posts) {
    return TrainJob.Config.defaults(posts).with(TrainJob.TEST_FRACTION, 0.25).with(TrainJob.REG_PARAMS, List.of(1e-3)).with(TrainJob.FOLDS, 2)
        .with(TrainJob.WORD_VOCABS, List.of(5000)).with(TrainJob.CHAR_VOCAB, 5000).with(TrainJob.MIN_DF, 1).with(TrainJob.CHAR_NGRAMS, List.of(new CharRange(2, 4))).with(TrainJob.MAX_ITER, 50)
        .with(TrainJob.CALIBRATION, CalibrationMethod.ISOTONIC).with(TrainJob.COST_FN, 1.0).with(TrainJob.COST_FP, 1.0);
  }

  RunContext ctx(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return new RunContext("train", name, dir, 42, new Progress("train", System.err));
  }

  @Test
  void encoderFeaturesAreSearchedOnHeldOutExportedAndScoredWithoutSpark() throws Exception {
    Path posts = TrainFixtures.write(session(), TrainFixtures.posts(session(), 160, 3, "e"), tmp.resolve("eposts"));
    RunContext ctx = ctx("enc");
    TrainJob.run(session(), small(posts).with(TrainJob.ENCODERS, List.of(SentenceEncoder.E5_SMALL))
        .with(TrainJob.BLOCK_WEIGHTS, List.of(1.0)).with(TrainJob.REASONS, false).build(), ctx);
    JsonNode m = Json.mapper().readTree(ctx.file("metrics.json").toFile());
    List<String> kinds = new java.util.ArrayList<>();
    m.get("hyperparameters").get("grid").forEach(g -> kinds.add(g.get("features").asText()));
    Assertions.assertEquals(List.of("ngrams+embedding", "embedding"), kinds);
    Assertions.assertEquals("e5-small", m.get("encoder").get("encoder").asText());
    Assertions.assertTrue(m.get("encoder").get("modelSha256").asText().matches("[0-9a-f]{64}"));
    Assertions.assertTrue(m.get("scorerParity").get("maxAbsDiffPNegative").asDouble() <= 1e-5, m.get("scorerParity").toString());
    ScorerFile f = ScorerFile.read(ctx.dir());
    Assertions.assertEquals(ScorerFile.FORMAT_VERSION_CASCADE, f.formatVersion());
    // the cascade: an n-gram model searched on the same held-out posts, a band chosen there, reported on test
    Assertions.assertEquals(ScorerFile.FORMAT_VERSION, f.cascade().ngram().formatVersion());
    JsonNode cas = m.get("cascade");
    Assertions.assertEquals(f.cascade().margin(), cas.get("margin").asDouble(), 0.0);
    JsonNode ho = cas.get("heldOut");
    Assertions.assertEquals(120, ho.get("n").asLong());
    Assertions.assertTrue(ho.get("cascadeMacroRecall").asDouble() >= 0.99 * ho.get("fullMacroRecall").asDouble(), ho.toString());
    JsonNode t = cas.get("test");
    Assertions.assertEquals(40, t.get("n").asLong());
    Assertions.assertTrue(t.get("routedShare").asDouble() >= 0 && t.get("routedShare").asDouble() <= 1, t.toString());
    Assertions.assertEquals(m.get("macroRecall").asDouble(), t.get("fullMacroRecall").asDouble(), 1e-12);
    Assertions.assertTrue(cas.get("parity").get("ngramPathMaxAbsDiffPNegative").asDouble() <= 1e-9, cas.toString());
    Assertions.assertTrue(cas.get("ngramModel").get("chosen").asText().startsWith("wordVocab="), cas.toString());
    NegativityScorer live = NegativityScorer.load(ctx.dir());
    Assertions.assertTrue(live.encoderAvailable());
    Assertions.assertEquals(live.ngramModel().pNegative("so late, again"), new NegativityScorer(f.cascade().ngram())
        .pNegative("so late, again"), 0.0);
    Assertions.assertEquals(384 + f.blocks().stream().mapToInt(b -> b.vocabulary().size()).sum(), f.featureCount());
    JsonNode ci = m.get("bootstrap").get("macroRecall");
    Assertions.assertTrue(ci.get("ci95Low").asDouble() <= ci.get("value").asDouble()
        && ci.get("value").asDouble() <= ci.get("ci95High").asDouble(), ci.toString());
  }

  /**
   * --blend: the stacked blend is a grid entry with its cross-fitted held-out score and meta weights;
   * when chosen, scorer.json is format 4, the live scorer reproduces Spark's blend and the Spark
   * model (with its blend stage) loads and scores again in the score job.
   */
  @Test
  void stackedBlendCompetesOnHeldOutAndIsExportedWhenChosen() throws Exception {
    Path posts = TrainFixtures.write(session(), TrainFixtures.posts(session(), 160, 3, "b"), tmp.resolve("bposts"));
    RunContext ctx = ctx("blend");
    TrainJob.run(session(), small(posts).with(TrainJob.ENCODERS, List.of(SentenceEncoder.E5_SMALL))
        .with(TrainJob.BLOCK_WEIGHTS, List.of(1.0)).with(TrainJob.REASONS, false).with(TrainJob.BLEND, true)
        .with(TrainJob.CALIBRATION, CalibrationMethod.FORWARD).with(TrainJob.PRIOR_SHIFT, true).build(), ctx);
    JsonNode m = Json.mapper().readTree(ctx.file("metrics.json").toFile());
    JsonNode grid = m.get("hyperparameters").get("grid");
    JsonNode b = grid.get(grid.size() - 1);
    Assertions.assertEquals("blend", b.get("features").asText());
    Assertions.assertEquals(2, b.get("metaWeights").get(0).size(), b.toString());
    double blendScore = b.get("heldOutScore").asDouble();
    double bestSingle = 0;
    for (int i = 0; i < grid.size() - 1; i++) {
      bestSingle = Math.max(bestSingle, grid.get(i).get("heldOutScore").asDouble());
    }
    Assertions.assertEquals(blendScore > bestSingle, b.get("chosen").asBoolean(), b.toString());
    // --calibration forward: six candidates, the chosen one has the least forward ECE and is the map used
    JsonNode fw = m.get("calibration").get("forward");
    Assertions.assertEquals(6, fw.get("candidates").size(), fw.toString());
    double least = Double.MAX_VALUE;
    JsonNode chosenCal = null;
    for (JsonNode k : fw.get("candidates")) {
      least = Math.min(least, k.get("eceForward").asDouble());
      chosenCal = k.get("chosen").asBoolean() ? k : chosenCal;
    }
    Assertions.assertEquals(least, chosenCal.get("eceForward").asDouble(), 0.0, fw.toString());
    Assertions.assertEquals(chosenCal.get("method").asText(), m.get("calibration").get("method").asText());
    Assertions.assertEquals(chosenCal.get("eceTest").asDouble(), m.get("ece").asDouble(), 1e-12);
    String card = Files.readString(ctx.file("model-card.md"));
    Assertions.assertTrue(card.contains("Calibration chosen forward in time"), card);
    // --prior-shift: judged forward with the chosen window; on test, the adjusted ECE recomputed from predictions/
    JsonNode ps = m.get("calibration").get("priorShift");
    Assertions.assertEquals(ps.get("eceForwardAdjusted").asDouble() < ps.get("eceForwardStatic").asDouble(),
        ps.get("adopted").asBoolean(), ps.toString());
    Assertions.assertEquals(fw.get("timeBlocks").asInt() - 1, ps.get("blocks").size(), ps.toString());
    Assertions.assertTrue(ps.get("blocks").get(0).has("estimatedPrior") && ps.get("blocks").get(0).has("observedShare"),
        ps.toString());
    List<Row> scored = session().read().parquet(ctx.file("predictions").toString())
        .select(PostColumns.P_NEGATIVE, "label").collectAsList();
    double[] pTest = scored.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    boolean[] yTest = new boolean[scored.size()];
    for (int i = 0; i < yTest.length; i++) {
      yTest[i] = "negative".equals(scored.get(i).getString(1));
    }
    io.crisislab.models.scorer.PriorShift shift = new io.crisislab.models.scorer.PriorShift(ps.get("trainPrior").asDouble());
    JsonNode pt = ps.get("test");
    Assertions.assertEquals(shift.estimate(pTest).prior(), pt.get("estimatedPrior").asDouble(), 1e-9, pt.toString());
    Assertions.assertEquals(io.crisislab.models.stats.Evaluation.ece(shift.adapt(pTest), yTest, 10),
        pt.get("eceAdjusted").get("value").asDouble(), 1e-9, pt.toString());
    Assertions.assertTrue(card.contains("Prior shift"), card);
    // a chosen blend is compared with the best single model on test, paired
    JsonNode gain = m.get("blend").get("testVersusBestSingle");
    Assertions.assertEquals(b.get("chosen").asBoolean(), gain != null, m.get("blend").toString());
    if (gain != null) {
      Assertions.assertEquals(m.get("aucRoc").asDouble() - gain.get("aucRocBestSingle").asDouble(),
          gain.get("aucRocMinusBestSingle").get("value").asDouble(), 1e-12);
      Assertions.assertEquals(m.get("macroRecall").asDouble() - gain.get("macroRecallBestSingle").asDouble(),
          gain.get("macroRecallMinusBestSingle").get("value").asDouble(), 1e-12);
      Assertions.assertTrue(card.contains("blend minus the best single model"), card);
    }
    ScorerFile f = ScorerFile.read(ctx.dir());
    boolean adopted = ps.get("adopted").asBoolean();
    Assertions.assertEquals(adopted ? ScorerFile.FORMAT_VERSION_PRIOR_SHIFT : b.get("chosen").asBoolean()
        ? ScorerFile.FORMAT_VERSION_BLEND : ScorerFile.FORMAT_VERSION_CASCADE, f.formatVersion());
    // the scorer file carries the prior a live tool adjusts from exactly when the check adopted it
    Assertions.assertEquals(adopted ? ps.get("trainPrior").asDouble() : null,
        f.calibration().priorShift() == null ? null : f.calibration().priorShift().trainPrior());
    Assertions.assertTrue(m.get("scorerParity").get("maxAbsDiffPNegative").asDouble() <= 1e-5, m.get("scorerParity").toString());
    if (f.blend() != null) {
      Assertions.assertEquals(b.get("metaWeights").get(0).get(0).asDouble(), f.blend().weights()[0][0], 0.0);
      Assertions.assertTrue(f.blocks().isEmpty(), "the blend's encoder base is the embedding alone");
      // the saved Spark model (blend stage included) loads and scores as the live scorer does
      io.crisislab.jobs.model.TrainedModel tm = io.crisislab.jobs.model.TrainedModel.load(session(), ctx.dir());
      List<Row> again = tm.score(session().read().parquet(ctx.file("predictions").toString())
          .select(PostColumns.POST_ID, PostColumns.TEXT).orderBy(PostColumns.POST_ID).limit(20), false)
          .select(PostColumns.TEXT, PostColumns.P_NEGATIVE).collectAsList();
      NegativityScorer live = new NegativityScorer(f).fullModel();
      for (Row r : again) {
        Assertions.assertEquals(r.getDouble(1), live.pNegative(r.getString(0)), 1e-5, r.getString(0));
      }
    }
  }

  @Test
  void trainsEvaluatesExportsAndScoresIdenticallyWithoutSpark() throws Exception {
    Path posts = TrainFixtures.write(session(), TrainFixtures.posts(session(), 320, 7, "p"), tmp.resolve("posts"));
    RunContext ctx = ctx("run");
    TrainJob.Result res = TrainJob.run(session(), small(posts).build(), ctx);

    JsonNode m = Json.mapper().readTree(ctx.file("metrics.json").toFile());
    Assertions.assertEquals(2, m.get("formatVersion").asInt());
    for (String f : List.of("aucRoc", "aucPr", "macroRecall", "macroF1", "accuracy", "negativePrecision",
        "negativeRecall", "ece", "threshold", "nTrain", "nTest", "confusionMatrix")) {
      Assertions.assertTrue(m.has(f), "metrics.json lacks " + f);
    }
    Assertions.assertEquals(240, m.get("nTrain").asLong());
    Assertions.assertEquals(80, m.get("nTest").asLong());
    Assertions.assertTrue(m.get("aucRoc").asDouble() > 0.8, "auc " + m.get("aucRoc"));
    Assertions.assertTrue(m.get("split").asText().startsWith("time-ordered"));
    Assertions.assertTrue(m.get("reasons").get("macroF1").asDouble() > 0.3, m.get("reasons").toString());
    Assertions.assertTrue(m.get("perBrand").has("United"));
    Assertions.assertTrue(m.get("calibration").get("tried").has("platt"));
    Assertions.assertTrue(Files.isDirectory(ctx.file("model/classifier")));
    Assertions.assertTrue(Files.exists(ctx.file("model-card.html")));
    String card = Files.readString(ctx.file("model-card.html"));
    Assertions.assertTrue(card.contains("data:image/png;base64,"));
    Assertions.assertTrue(!card.contains("@united"), "handles must not appear in the model card");

    // the exported scorer against the Spark predictions written by the job, post by post
    NegativityScorer scorer = NegativityScorer.load(ctx.dir());
    List<Row> preds = session().read().parquet(ctx.file("predictions").toString())
        .select(PostColumns.TEXT, PostColumns.P_NEGATIVE, PostColumns.IS_NEGATIVE).collectAsList();
    Assertions.assertEquals(80, preds.size());
    for (Row r : preds) {
      NegativityScorer.Score s = scorer.score(r.getString(0));
      Assertions.assertEquals(r.getDouble(1), s.pNegative(), 1e-9, r.getString(0));
      Assertions.assertEquals(r.getBoolean(2), s.isNegative());
    }

    // score job on new posts: same numbers as the Spark-free scorer, reasons only for negatives
    Path fresh = TrainFixtures.write(session(), TrainFixtures.posts(session(), 60, 99, "n"), tmp.resolve("fresh"));
    RunContext sctx = new RunContext("score", "s", Files.createDirectories(tmp.resolve("score")), 42,
        new Progress("score", System.err));
    ScoreJob.Result sr = ScoreJob.run(session(), ScoreJob.Config.defaults(ctx.dir(), fresh).build(), sctx);
    Assertions.assertEquals(60, sr.scored());
    Dataset<Row> scored = session().read().parquet(sctx.file("scored").toString());
    Assertions.assertTrue(List.of(scored.columns()).containsAll(List.of("p_negative", "is_negative", "reason", "label", "day")));
    for (Row r : scored.select("text", "p_negative", "is_negative", "reason").collectAsList()) {
      NegativityScorer.Score s = scorer.score(r.getString(0));
      Assertions.assertEquals(s.pNegative(), r.getDouble(1), 1e-9);
      Assertions.assertEquals(s.isNegative(), r.getBoolean(2));
      Assertions.assertEquals(s.reason(), r.isNullAt(3) ? null : r.getString(3));
      if (!r.getBoolean(2)) {
        Assertions.assertTrue(r.isNullAt(3));
      }
    }
    Assertions.assertNotNull(res.scorer());
  }

  @Test
  void cachedFeaturesKeepThePostColumnsAndTheVectorButNoTextIntermediates() {
    TextUdfs.register(session());
    Dataset<Row> posts = TrainingData.withTarget(TrainFixtures.posts(session(), 60, 3, "c"), Task.BINARY);
    PipelineModel feats = FeaturePipeline.build(500, 500, 1, 2, 4).fit(posts);
    Dataset<Row> cached = FeaturePipeline.cached(feats, posts, session());
    try {
      List<String> cols = List.of(cached.columns());
      Assertions.assertTrue(cols.containsAll(List.of(posts.columns())), cols.toString());
      Assertions.assertEquals(posts.columns().length + 1, cols.size(), "only the vector is added: " + cols);
      Assertions.assertTrue(cols.contains(FeaturePipeline.FEATURES), cols.toString());
      Assertions.assertEquals(60, cached.count());
    } finally {
      cached.unpersist();
    }
  }

  @Test
  void timeFoldsOfTheTimeSplitsTrainingSetReuseItsRankAndEqualAFreshSort() {
    Dataset<Row> posts = TrainFixtures.posts(session(), 101, 5, "t");
    Dataset<Row> train = TrainingData.timeSplit(posts, 0.2)[0];
    Assertions.assertTrue(List.of(train.columns()).contains(TrainingData.TIME_RANK));
    List<Row> reused = Search.withTimeFolds(train.repartition(3), 3).select(PostColumns.POST_ID, "_fold")
        .orderBy(PostColumns.POST_ID).collectAsList();
    List<Row> sorted = Search.withTimeFolds(train.drop(TrainingData.TIME_RANK), 3).select(PostColumns.POST_ID, "_fold")
        .orderBy(PostColumns.POST_ID).collectAsList();
    Assertions.assertEquals(81, reused.size());
    Assertions.assertEquals(sorted, reused);
  }

  @Test
  void timeFoldsAreContiguousNearEqualBlocksInTimeOrder() {
    Dataset<Row> posts = TrainFixtures.posts(session(), 101, 5, "t");
    List<Row> rows = Search.withTimeFolds(posts, 3)
        .groupBy("_fold").agg(functions.count(functions.lit(1)), functions.min(PostColumns.CREATED_AT),
            functions.max(PostColumns.CREATED_AT))
        .orderBy("_fold").collectAsList();
    Assertions.assertEquals(3, rows.size());
    long[] sizes = rows.stream().mapToLong(r -> r.getLong(1)).toArray();
    Assertions.assertEquals(101, sizes[0] + sizes[1] + sizes[2]);
    Assertions.assertTrue(Arrays.stream(sizes).max().getAsLong() - Arrays.stream(sizes).min().getAsLong() <= 1,
        Arrays.toString(sizes));
    for (int k = 0; k + 1 < rows.size(); k++) {
      Assertions.assertTrue(rows.get(k).getTimestamp(3).compareTo(rows.get(k + 1).getTimestamp(2)) <= 0,
          "fold " + k + " must end before fold " + (k + 1) + " starts");
    }
  }

  @Test
  void threeClassWithGivenValidationAndTestSets() throws Exception {
    Path train = TrainFixtures.write(session(), TrainFixtures.posts(session(), 300, 11, "a"), tmp.resolve("tc-train"));
    Path val = TrainFixtures.write(session(), TrainFixtures.posts(session(), 90, 12, "v"), tmp.resolve("tc-val"));
    Path test = TrainFixtures.write(session(), TrainFixtures.posts(session(), 90, 13, "e"), tmp.resolve("tc-test"));
    TrainJob.Config c = small(train).with(TrainJob.TEST_POSTS, test).with(TrainJob.VAL_POSTS, val).with(TrainJob.TASK, Task.THREE_CLASS).with(TrainJob.TEST_FRACTION, 0.2)
        .with(TrainJob.REG_PARAMS, List.of(1e-3, 1e-2)).with(TrainJob.CLASS_WEIGHTS, List.of(ClassWeight.BALANCED))
        .with(TrainJob.CHAR_NGRAMS, List.of(new CharRange(2, 3), new CharRange(2, 4))).with(TrainJob.CALIBRATION, CalibrationMethod.PLATT)
        .with(TrainJob.TARGET_PRECISION, null).with(TrainJob.TARGET_RECALL, null).with(TrainJob.COST_FN, null).with(TrainJob.COST_FP, null).with(TrainJob.REASONS, false).build();
    RunContext ctx = ctx("three");
    TrainJob.run(session(), c, ctx);
    JsonNode m = Json.mapper().readTree(ctx.file("metrics.json").toFile());
    Assertions.assertEquals(300, m.get("nTrain").asLong());
    Assertions.assertEquals(90, m.get("nTest").asLong());
    Assertions.assertEquals("the given validation set", m.get("hyperparameters").get("heldOut").asText());
    Assertions.assertEquals(4, m.get("hyperparameters").get("grid").size(), "2 regParams x 2 char ranges");
    Assertions.assertEquals(3, m.get("confusionMatrix").get("rowsTrueColumnsPredicted").size(), m.get("confusionMatrix").toString());
    Assertions.assertTrue(m.get("macroRecall").asDouble() > 0.5, "macroRecall " + m.get("macroRecall"));
    // the exported three-class scorer against Spark, post by post
    NegativityScorer scorer = NegativityScorer.load(ctx.dir());
    Assertions.assertEquals(3, scorer.file().head().classes().size());
    for (Row r : session().read().parquet(ctx.file("predictions").toString())
        .select(PostColumns.TEXT, PostColumns.P_NEGATIVE).collectAsList()) {
      Assertions.assertEquals(r.getDouble(1), scorer.pNegative(r.getString(0)), 1e-9, r.getString(0));
    }
  }

  @Test
  void badInputIsAClearDataError() throws Exception {
    Dataset<Row> base = TrainFixtures.posts(session(), 120, 3, "b");
    Path oneClass = TrainFixtures.write(session(), base.withColumn("label", functions.lit("negative")), tmp.resolve("one"));
    DataException e = Assertions.assertThrows(DataException.class, () -> TrainJob.run(session(), small(oneClass).build(), ctx("r1")));
    Assertions.assertTrue(e.getMessage().contains("one class"), e.getMessage());

    Path empty = TrainFixtures.write(session(), base.withColumn("label", functions.lit(null).cast("string")), tmp.resolve("empty"));
    e = Assertions.assertThrows(DataException.class, () -> TrainJob.run(session(), small(empty).build(), ctx("r2")));
    Assertions.assertTrue(e.getMessage().contains("empty training set"), e.getMessage());

    Path blank = TrainFixtures.write(session(), base.withColumn("text", functions.lit("... ,,, ;")), tmp.resolve("blank"));
    Path good = TrainFixtures.write(session(), base, tmp.resolve("good"));
    e = Assertions.assertThrows(DataException.class, () -> TrainJob.run(session(),
        small(blank).with(TrainJob.TEST_POSTS, good).build(), ctx("r3")));
    Assertions.assertTrue(e.getMessage().contains("empty after normalisation"), e.getMessage());

    Path unlabelled = TrainFixtures.write(session(), base.withColumn("label", functions.lit(null).cast("string")),
        tmp.resolve("unl"));
    e = Assertions.assertThrows(DataException.class, () -> TrainJob.run(session(), small(good).with(TrainJob.TEST_POSTS, unlabelled).build(), ctx("r4")));
    Assertions.assertTrue(e.getMessage().contains("without labels"), e.getMessage());

    // a model folder from another format version
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve(ScorerFile.FILE_NAME), "{\"format\":\"crisislab-negativity-scorer\",\"formatVersion\":99}");
    e = Assertions.assertThrows(DataException.class, () -> ScoreJob.run(session(), ScoreJob.Config.defaults(model, good).build(),
        new RunContext("score", "x", Files.createDirectories(tmp.resolve("sx")), 1, new Progress("score", System.err))));
    Assertions.assertTrue(e.getMessage().contains("scorer"), e.getMessage());
  }
}
