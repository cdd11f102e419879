package io.crisislab.jobs.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.bundle.BundleBuilder;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.replay.ReplayJob;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.run.Progress;
import io.crisislab.models.bundle.BundleLoader;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle built from a tune run's rules reproduces a replay's alerts bucket for bucket, and a changed one does not. */
class BundleVerifyTest {
  @TempDir
  Path tmp;

  static final Progress QUIET = new Progress("test", new PrintStream(new ByteArrayOutputStream()));

  @Test
  void bundleDetectorsReproduceTheReplaysAlerts() throws Exception {
    // a NAB-style volume series: a seeded noisy baseline with two surges
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    java.util.Random rnd = new java.util.Random(5);
    long t0 = Instant.parse("2026-01-05T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 3000; i++) {
      int v = 20 + rnd.nextInt(10) + (i >= 1500 && i < 1530 ? 200 : 0) + (i >= 2500 && i < 2510 ? 120 : 0);
      csv.append(f.format(Instant.ofEpochSecond(t0 + 300L * i))).append(',').append(v).append('\n');
    }
    Path series = Files.createDirectories(tmp.resolve("series"));
    Files.writeString(series.resolve("acme.csv"), csv);
    Thresholds th = new Thresholds(Thresholds.VERSION, "nab-standard", "leave-one-series-out", List.of(new SurgeRule("*", "*", "count",
        300, "ewma", Map.of("alpha", 0.02, "minSd", 1.0, "poisson", 1.0, "persistenceK", 1, "persistenceN", 1,
            "cooldownBuckets", 24), 4.0, "nab-standard", 60.0, 0.5, 30.0, List.of(), null, null)));
    Path runs = tmp.resolve("runs");
    Path tune = JobCommand.runStep("tune", runs.resolve("1-tune"), 1, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("thresholds.json"), Json.write(th)));
    ReplayJob.Config rc = ReplayJob.Config.defaults(series).with(ReplayJob.RULES, tune.resolve("thresholds.json")).build();
    JobCommand.runStep("replay", runs.resolve("2-replay"), 1, rc, null, QUIET, ctx -> ReplayJob.run(null, rc, ctx));

    Path out = Files.createDirectories(tmp.resolve("bundle"));
    List<RunInfo> infos = RunInfo.discover(List.of(runs));
    LoadedBundle lb = BundleLoader.load(BundleBuilder.build(infos, out, null));
    BundleVerify.Outcome ok = BundleVerify.verify(null, lb, infos, 100);
    assertTrue(ok.failures().isEmpty(), ok.checks().toString());
    assertEquals(1, ok.seriesCompared());
    assertTrue(ok.checks().get(0).contains("identical"), ok.checks().toString());
    assertFalse(ok.checks().get(0).contains(" 0 alerts from"), "the surges must alert: " + ok.checks());

    // a bundle whose threshold moved no longer reproduces the replay
    Path moved = out.resolve("moved.json");
    Files.writeString(moved, Files.readString(out.resolve("calibration.json")).replace("\"threshold\" : 4.0", "\"threshold\" : 40.0"));
    // edited by hand it is refused outright; rebuilt (digest recomputed) it loads but no longer reproduces
    DataException tampered = assertThrows(DataException.class, () -> BundleLoader.load(moved));
    assertTrue(tampered.getMessage().contains(CalibrationBundle.DIGEST_KEY), tampered.getMessage());
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(moved.toFile());
    tree.put(CalibrationBundle.DIGEST_KEY, CalibrationBundle.bodyDigest(tree));
    Files.writeString(moved, Json.mapper().writeValueAsString(tree));
    BundleVerify.Outcome bad = BundleVerify.verify(null, BundleLoader.load(moved), infos, 100);
    assertEquals(1, bad.failures().size(), bad.checks().toString());
    assertTrue(bad.failures().get(0).contains("DIFFERENT"));
  }
}
