package io.crisislab.jobs.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.bundle.CalibrationBundle.Provenance;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.run.Digests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleDiffTest {
  @TempDir
  Path tmp;

  static CalibrationBundle bundle(double threshold, String detector, double k, double fa, Double sla) {
    return new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, "2026-11-25T23:00:00Z", new Provenance("0.1.0", null, null, null),
        new Classifier("scorer.json", Digests.sha256("x"), threshold, null, "isotonic", Map.of("aucRoc", 0.93)),
        List.of(new SurgeRule("*", "*", "negative_count", 3600, "count-tail", Map.of("slotSeconds", 3600), 0.999,
                "nab-standard", 60.0, 0.5, 90.0, List.of(), null, null),
            new SurgeRule("acme", "twitter", "negative_count", 3600, detector, Map.of("minSd", k), 3.0,
                "nab-standard", 58.0, fa, 60.0, List.of(), null, null)),
        new ResponseTargets("plan.yaml", "s.yaml", List.of(new MilestoneTarget("holding_statement", sla, 100.0, 300.0, 0.2)),
            List.of()), null).sealed();
  }

  @Test
  void identicalBundlesHaveNoDifferences() {
    assertTrue(BundleDiff.diff(bundle(0.4, "ewma", 3, 1, 240.0), bundle(0.4, "ewma", 3, 1, 240.0)).isEmpty());
  }

  @Test
  void reportsThresholdsDetectorsFalseAlarmsAndSlas() {
    List<BundleDiff.Change> d = BundleDiff.diff(bundle(0.4, "ewma", 3, 1, 240.0), bundle(0.45, "cusum", 4, 0.25, 60.0));
    String all = d.stream().map(BundleDiff.Change::line).reduce("", (a, b) -> a + b + "\n");
    assertTrue(all.contains("classifier      threshold: 0.4000 -> 0.4500 (+0.05000)"), all);
    assertTrue(all.contains("acme/twitter negative_count detector (swapped): ewma -> cusum"), all);
    assertTrue(all.contains("acme/twitter negative_count parameter minSd: 3.0 -> 4.0"), all);
    assertTrue(all.contains("expected false alarms a week (sum over rules): 1.500 -> 0.7500"), all);
    assertTrue(all.contains("holding_statement SLA (min): 240 -> 60"), all);
    assertFalse(all.contains("*/*"), "unchanged default rule must not be listed: " + all);
    // metric-only and false-alarm-estimate changes do not change live behaviour
    assertTrue(d.stream().filter(c -> c.key().contains("expected false alarms a week") && c.area().equals("surgeRule"))
        .noneMatch(BundleDiff.Change::affectsLiveTools));
  }

  @Test
  void commandPrintsDiffAndHonoursExitCode() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.json"), bundle(0.4, "ewma", 3, 1, 240.0).toJson());
    Path b = Files.writeString(tmp.resolve("b.json"), bundle(0.4, "ewma", 3, 1, 120.0).toJson());
    StringWriter out = new StringWriter();
    int rc = CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        "calibration", "diff", a.toString(), b.toString(), "--exit-code");
    assertEquals(3, rc);
    assertTrue(out.toString().contains("holding_statement SLA (min): 240 -> 120"), out.toString());
    assertTrue(out.toString().contains("1 difference(s), 1 change what live tools do"), out.toString());
    StringWriter err = new StringWriter();
    rc = CrisisLab.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "calibration", "diff", a.toString(), tmp.resolve("missing.json").toString());
    assertEquals(1, rc);
    assertTrue(err.toString().contains("missing.json: no calibration bundle here"), err.toString());
  }
}
