package io.crisislab.jobs.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.bundle.BundleBuilder;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.run.Progress;
import io.crisislab.models.bundle.BundleLoader;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.errors.DataException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {
  @TempDir
  Path tmp;

  static final Progress QUIET = new Progress("test", new PrintStream(new ByteArrayOutputStream()));

  static String resource(String name) throws Exception {
    try (InputStream in = BundleBuilderTest.class.getResourceAsStream("/report/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A train run folder {@code runs/1-train} holding one of the golden exported scorers (a real file
   * the loader builds a scorer from) and its metrics.
   */
  static void trainRun(Path runs, String goldenScorer) throws Exception {
    JobCommand.runStep("train", runs.resolve("1-train"), 1, Map.of(), null, QUIET, ctx -> {
      Files.copy(Path.of(System.getProperty("crisislab.home", ".."), "models/src/test/resources/golden", goldenScorer),
          ctx.file("scorer.json"));
      Files.writeString(ctx.file("metrics.json"), "{\"formatVersion\":2,\"aucRoc\":0.93,\"ece\":0.02,"
          + "\"threshold\":0.5,\"thresholdRule\":\"target-precision 0.8\",\"calibration\":{\"method\":\"isotonic\"}}");
    });
  }

  @Test
  void buildsFromTrainAndSimulateRunsAndLoadsBack() throws Exception {
    Path runs = tmp.resolve("runs");
    trainRun(runs, "scorer-v1.json");
    JobCommand.runStep("simulate", runs.resolve("2-sim"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("summary.json"), resource("sim-summary.json")));
    JobCommand.runStep("simulate", runs.resolve("3-compare"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("comparison.json"), resource("sim-comparison.json")));
    Path out = Files.createDirectories(tmp.resolve("bundle"));
    List<RunInfo> infos = RunInfo.discover(List.of(runs));
    Path file = BundleBuilder.build(infos, out, null);

    LoadedBundle lb = BundleLoader.load(file);
    CalibrationBundle b = lb.bundle();
    assertEquals(0.5, b.classifier().threshold());
    assertEquals("isotonic", b.classifier().calibration());
    assertEquals(0.93, b.classifier().metrics().get("aucRoc"));
    assertTrue(Files.exists(out.resolve("scorer.json")), "scorer copied beside the bundle");
    assertTrue(lb.scorer().isPresent(), "the loaded bundle has a ready scorer");
    assertEquals(3, b.provenance().runs().size());
    assertEquals(infos.get(0).manifestSha256(), b.provenance().runs().get(0).manifestSha256());
    var hs = b.responseTargets().milestones().get(1);
    assertEquals("holding_statement", hs.milestone());
    assertEquals(240.0, hs.slaMinutes());
    assertEquals(410.0, hs.planP90Minutes());
    assertEquals(0.31, hs.breachProbability());
    assertNotNull(b.responseTargets().staffingNotes());
    String notes = String.join("\n", b.responseTargets().staffingNotes());
    assertTrue(notes.contains("legal holds 42% of the critical path"), notes);
    assertTrue(notes.contains("step:legal_review 25% faster moves the p90 of holding_statement by -55 min"), notes);
    assertTrue(notes.contains("on-call legal cuts p90"), notes);
  }

  /** A scorer with a prior-shift record (format 5) travels through the bundle to live tools and its summary. */
  @Test
  void carriesThePriorShiftRecordToTheLoadedScorer() throws Exception {
    Path runs = tmp.resolve("runs-prior");
    trainRun(runs, "scorer-v5.json");
    Path out = Files.createDirectories(tmp.resolve("bundle-prior"));
    LoadedBundle lb = BundleLoader.load(BundleBuilder.build(RunInfo.discover(List.of(runs)), out, null));
    assertEquals(0.635, lb.scorer().orElseThrow().priorShift().trainPrior());
    String summary = BundleSummary.describe(lb);
    assertTrue(summary.contains("prior shift: calibrated under a share of negatives of 0.6350"), summary);
  }

  @Test
  void trainRunWithoutScorerIsADataError() throws Exception {
    Path run = JobCommand.runStep("train", tmp.resolve("t"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("metrics.json"), "{\"formatVersion\":2,\"threshold\":0.5}"));
    DataException e = assertThrows(DataException.class,
        () -> BundleBuilder.build(List.of(RunInfo.of(run)), Files.createDirectories(tmp.resolve("o")), null));
    assertTrue(e.getMessage().contains("scorer.json"), e.getMessage());
  }

  @Test
  void metricsOfFormatVersionOneAreRefusedByName() throws Exception {
    // version 1 had snake_case keys and no formatVersion: reading it by the new names would find nothing
    Path run = JobCommand.runStep("train", tmp.resolve("v1"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("metrics.json"), "{\"auc_roc\":0.93,\"threshold\":0.5}"));
    DataException e = assertThrows(DataException.class,
        () -> BundleBuilder.build(List.of(RunInfo.of(run)), Files.createDirectories(tmp.resolve("o1")), null));
    assertTrue(e.getMessage().contains("metrics.json") && e.getMessage().contains("version 1"), e.getMessage());
  }
  @Test
  void simulateSummaryOfVersionOneIsRefusedByName() throws Exception {
    // version 1 had bottleneck shares as plain numbers: reading their intervals would find nothing
    Path run = JobCommand.runStep("simulate", tmp.resolve("s1"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("summary.json"), resource("sim-summary.json")
            .replace("crisislab-simulate-summary/2", "crisislab-simulate-summary/1")));
    DataException e = assertThrows(DataException.class,
        () -> BundleBuilder.build(List.of(RunInfo.of(run)), Files.createDirectories(tmp.resolve("o2")), null));
    assertTrue(e.getMessage().contains("crisislab-simulate-summary/1") && e.getMessage().contains("re-run simulate"),
        e.getMessage());
  }
}
