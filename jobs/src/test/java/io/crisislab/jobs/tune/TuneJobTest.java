package io.crisislab.jobs.tune;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.replay.ReplayJob;
import io.crisislab.jobs.replay.ReplayJobTest;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  static RunContext ctx(Path dir, String job) throws Exception {
    Files.createDirectories(dir);
    return new RunContext(job, "test", dir, 7L, new Progress(job, System.err));
  }

  Path data() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("data"));
    // three series of very different volume, two 10x surges each
    ReplayJobTest.csv(d, "busy.csv", 200, 11, 2500, 5000);
    ReplayJobTest.csv(d, "mid.csv", 20, 12, 3000, 4500);
    ReplayJobTest.csv(d, "quiet.csv", 2, 13, 2800, 5200);
    Path w = tmp.resolve("windows.json");
    Files.writeString(w, "{\"busy.csv\": [" + win(2400, 2600) + ", " + win(4900, 5100) + "], \"mid.csv\": ["
        + win(2900, 3100) + ", " + win(4400, 4600) + "], \"quiet.csv\": [" + win(2700, 2900) + ", " + win(5100, 5300) + "]}");
    return d;
  }

  static String win(int a, int b) {
    return ReplayJobTest.window(a, b);
  }

  @Test
  void tunesValidatesAndWritesUsableRules() throws Exception {
    Path d = data();
    TuneJob.Config c = TuneJob.Config.defaults(d, tmp.resolve("windows.json")).with(TuneJob.DETECTORS, List.of("rolling-z", "dispersion-tail"))
        .with(TuneJob.SEARCH, SearchMethod.GRID).with(TuneJob.RANDOM_CANDIDATES, 3).with(TuneJob.THIN, List.of(0.3)).with(TuneJob.COOLDOWN_HOURS, List.of(6.0, 12.0)).with(TuneJob.BLOCK_SIZE, 2).with(TuneJob.MAX_CHARTS, 20).build();
    RunContext ctx = ctx(tmp.resolve("run"), "tune");
    TuneJob.Result r = TuneJob.run(session(), c, ctx);
    Assertions.assertEquals("leave-one-series-out", r.validation());
    // 3 series × every (candidate, threshold) of the grid × 2 cool-downs
    SearchSpace.Space space = SearchSpace.grid(c.detectors(), 300);
    Assertions.assertEquals(3 * space.thresholds().stream().mapToInt(t -> t.length).sum() * 2, r.cells());
    Assertions.assertTrue(r.validatedOperational().detected() >= 5, "validated: " + r.validatedOperational());
    Assertions.assertTrue(r.validatedNab().get("standard") > 40, r.validatedNab().toString());
    Assertions.assertTrue(r.trainingScore() >= r.validatedNab().get("standard") - 1e-9,
        "the in-sample score is an upper bound of the validated one here");
    Assertions.assertEquals(1, r.thinned().size());
    // per-fold held-out scores, their spread, and the family leaderboard with optimism gaps
    Assertions.assertEquals(3, r.folds().size());
    Assertions.assertEquals(3, r.expected().n());
    double mean = r.folds().stream().mapToDouble(Validation.Fold::heldOutScore).average().orElseThrow();
    Assertions.assertEquals(mean, r.expected().meanScore(), 1e-9);
    Assertions.assertTrue(r.expected().ci95LowScore() <= mean && mean <= r.expected().ci95HighScore());
    for (Validation.Family f : r.families()) {
      Assertions.assertEquals(f.trainingScore() - f.validatedScore(), f.optimismGap(), 1e-9);
    }
    Thresholds t = Thresholds.read(r.thresholdsFile());
    SurgeRule rule = t.ruleFor(null, null, "count").orElseThrow(); // the tuned rule is the default for unseen series
    Assertions.assertEquals("*/*", rule.scope());
    DetectorSpec spec = rule.spec();
    Assertions.assertEquals(r.rule(), spec);
    Assertions.assertEquals(r.validatedNab().get("standard"), rule.validatedScore(), 1e-9);
    JsonNode tune = Json.mapper().readTree(ctx.file("tune.json").toFile());
    Assertions.assertEquals(3, tune.get("folds").size());
    // the final family was ranked by its worst volume over the originals and the default training copies
    Assertions.assertEquals(List.of(0.1, 0.03), c.selectThin());
    JsonNode est = tune.get("validatedEstimates");
    Assertions.assertEquals(r.validatedOperational().incidents(), est.get("detectedShare").get("n").asInt());
    Assertions.assertEquals((double) r.validatedOperational().detected() / r.validatedOperational().incidents(),
        est.get("detectedShare").get("value").asDouble(), 1e-12);
    Assertions.assertTrue(est.get("detectedShare").get("ci95Low").asDouble() <= est.get("detectedShare").get("value").asDouble());
    JsonNode volume = tune.get("volumeCheck");
    Assertions.assertEquals(2, volume.size());
    Assertions.assertEquals(spec.detector(), volume.get(0).get("detector").asText());
    for (JsonNode v : volume) {
      Assertions.assertTrue(v.get("worstScore").asDouble() <= v.get("originalsScore").asDouble() + 1e-9, v.toString());
    }
    Assertions.assertTrue(Files.exists(ctx.file("report.html")));
    Assertions.assertTrue(Json.mapper().readTree(ctx.file("validated-alerts.json").toFile()).has("quiet.csv"));

    // the tuned rules replay through 'replay --rules'
    RunContext rc = ctx(tmp.resolve("replay"), "replay");
    ReplayJob.Result rr = ReplayJob.run(null, ReplayJob.Config.defaults(d).with(ReplayJob.RULES, r.thresholdsFile()).with(ReplayJob.WINDOWS, tmp.resolve("windows.json")).build(), rc);
    Assertions.assertEquals(3, rr.alerts().size());
    Assertions.assertEquals(r.trainingScore(), rr.scores().nabNormalised().get("standard"), 1e-6,
        "replaying the final rule on its training series gives its training score");
  }

  @Test
  void extraTrainingSeriesJoinEveryFoldAndAreNeverHeldOut() throws Exception {
    Path d = data();
    Path extra = Files.createDirectories(tmp.resolve("gen-lo"));
    ReplayJobTest.csv(extra, "faint.csv", 1, 14, 3300, 4800);
    Assertions.assertThrows(UsageException.class, () -> Labelling.extraWindows(extra));
    Files.writeString(extra.resolve("windows.json"), "{\"faint.csv\": [" + win(3200, 3400) + ", " + win(4700, 4900) + "]}");
    TuneJob.Config c = TuneJob.Config.defaults(d, tmp.resolve("windows.json")).with(TuneJob.DETECTORS, List.of("rolling-z"))
        .with(TuneJob.COOLDOWN_HOURS, List.of(12.0)).with(TuneJob.SELECT_THIN, List.of(1.0))
        .with(TuneJob.TRAIN_EXTRA, List.of(extra)).build();
    RunContext ctx = ctx(tmp.resolve("extra"), "tune");
    TuneJob.Result r = TuneJob.run(session(), c, ctx);
    // four series evaluated, three held out in turn: the extra one is only ever trained on
    SearchSpace.Space space = SearchSpace.grid(c.detectors(), 300);
    Assertions.assertEquals(4 * space.thresholds().stream().mapToInt(t -> t.length).sum(), r.cells());
    Assertions.assertEquals(List.of("busy.csv", "mid.csv", "quiet.csv"), r.folds().stream().map(Validation.Fold::heldOut).toList());
    Assertions.assertEquals(6, r.validatedOperational().incidents(), "the extra series' two windows are not validated on");
    JsonNode tune = Json.mapper().readTree(ctx.file("tune.json").toFile());
    Assertions.assertEquals("+gen-lo:faint.csv", tune.get("trainExtra").get(0).asText());
    Assertions.assertFalse(Json.mapper().readTree(ctx.file("validated-alerts.json").toFile()).has("+gen-lo:faint.csv"));
    // the volume range the rule claims is the validated series' (quiet 2 to busy 200), not the extra's
    SurgeRule rule = Thresholds.read(r.thresholdsFile()).ruleFor(null, null, "count").orElseThrow();
    Assertions.assertEquals(List.of("busy.csv", "mid.csv", "quiet.csv"), rule.members());
    Assertions.assertTrue(rule.minMeanCountPerBucket() > 1.5, "quiet.csv's mean, not faint.csv's: " + rule.minMeanCountPerBucket());
    // the training score (and so the optimism gap) is on the tuning series alone, as replay gives it
    ReplayJob.Result rr = ReplayJob.run(null, ReplayJob.Config.defaults(d).with(ReplayJob.RULES, r.thresholdsFile())
        .with(ReplayJob.WINDOWS, tmp.resolve("windows.json")).build(), ctx(tmp.resolve("extra-replay"), "replay"));
    Assertions.assertEquals(r.trainingScore(), rr.scores().nabNormalised().get("standard"), 1e-6);
  }

  @Test
  void leaveOneIncidentOutWithOneSeriesAndCatchObjective() throws Exception {
    Path d = data();
    TuneJob.Config c = TuneJob.Config.defaults(d.resolve("mid.csv"), tmp.resolve("windows.json"))
        .with(TuneJob.DETECTORS, List.of("rolling-z")).with(TuneJob.SEARCH, SearchMethod.GRID).with(TuneJob.RANDOM_CANDIDATES, 1).with(TuneJob.OBJECTIVE, Objective.CATCH).with(TuneJob.MAX_FALSE_ALARMS_PER_WEEK, 1.0)
        .with(TuneJob.COOLDOWN_HOURS, List.of(12.0)).with(TuneJob.PERSISTENCE, List.of("1/1", "2/3")).with(TuneJob.BLOCK_SIZE, 4).with(TuneJob.MAX_CHARTS, 5)
        .with(TuneJob.AUGMENT_THIN, List.of(0.5)).with(TuneJob.SELECT, FamilySelection.FLAT).build();
    TuneJob.Result r = TuneJob.run(session(), c, ctx(tmp.resolve("loio"), "tune"));
    Assertions.assertEquals("leave-one-incident-out", r.validation());
    Assertions.assertEquals(2, r.validatedOperational().incidents());
    Assertions.assertThrows(UsageException.class, () -> TuneJob.Config.defaults(d, null).build());
    Assertions.assertThrows(UsageException.class, () -> TuneJob.Config.defaults(d, d).with(TuneJob.DETECTORS, List.of("nope")).build());
    Assertions.assertThrows(UsageException.class, () -> TuneJob.Config.defaults(d, d).with(TuneJob.PERSISTENCE, List.of("3/2")).build());
    Assertions.assertThrows(UsageException.class, () -> TuneJob.Config.defaults(d, d).with(TuneJob.SELECT_THIN, List.of(1.5)).build());
    Assertions.assertEquals(List.of(), TuneJob.Config.defaults(d, d).with(TuneJob.SELECT_THIN, List.of(1.0)).build().selectThin());
  }
}
