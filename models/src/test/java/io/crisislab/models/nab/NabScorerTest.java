package io.crisislab.models.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabScorerTest {
  @TempDir
  Path tmp;

  static long[] grid(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 300L;
    }
    return t;
  }

  @Test
  void hand_computed_scores() {
    // 100 rows: probation = floor(15) rows; one window at rows [40, 49]
    long[] t = grid(100);
    List<Window> ws = List.of(new Window(40 * 300L, 49 * 300L));
    NabScorer.FileSweep f = NabScorer.prepare("f", t, ws, NabProfile.STANDARD);
    assertEquals(15.0, NabScorer.probationLength(100));
    boolean[] a = new boolean[100];
    // nothing detected: the window is missed
    assertEquals(-1.0, NabScorer.score(f, a).raw(), 1e-12);
    // detection at the window's first row scores tpWeight exactly
    a[40] = true;
    assertEquals(1.0, NabScorer.score(f, a).raw(), 1e-12);
    // a later detection in the same window does not add; the earliest counts
    a[45] = true;
    assertEquals(1.0, NabScorer.score(f, a).raw(), 1e-12);
    // a false positive before any window costs fpWeight; one in probation costs nothing
    a[20] = true;
    a[3] = true;
    assertEquals(1.0 - 0.11, NabScorer.score(f, a).raw(), 1e-12);
    // a false positive right after the window: sigmoid of |49 - 50| / (10 - 1)
    boolean[] b = new boolean[100];
    b[50] = true;
    double expected = -1.0 + NabScorer.scaledSigmoid(1.0 / 9.0) * 0.11;
    assertEquals(expected, NabScorer.score(f, b).raw(), 1e-12);
    // the last row of the window: position -(49 - 49 + 1)/10
    boolean[] c = new boolean[100];
    c[49] = true;
    assertEquals(NabScorer.scaledSigmoid(-0.1) / NabScorer.scaledSigmoid(-1.0), NabScorer.score(f, c).raw(), 1e-12);
    assertEquals(50.0, NabScorer.normalise(0, 1, NabProfile.STANDARD), 1e-12);
    assertEquals(100.0, NabScorer.normalise(1, 1, NabProfile.STANDARD), 1e-12);
  }

  @Test
  void sweepMatchesBinaryScoringAtEveryThreshold() {
    long[] t = grid(400);
    List<Window> ws = List.of(new Window(100 * 300L, 139 * 300L), new Window(300 * 300L, 339 * 300L));
    NabScorer.FileSweep f = NabScorer.prepare("f", t, ws, NabProfile.REWARD_LOW_FN);
    double[] scores = new double[400];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 400; i++) {
      scores[i] = Math.round(r.nextDouble() * 20) / 20.0;
    }
    for (NabScorer.ThresholdScore ts : NabScorer.sweep(List.of(f), List.of(scores))) {
      boolean[] a = new boolean[400];
      for (int i = 0; i < 400; i++) {
        a[i] = scores[i] >= ts.threshold();
      }
      assertEquals(ts.score(), NabScorer.score(f, a).raw(), 1e-9, "threshold " + ts.threshold());
    }
  }

  @Test
  void windowsAreValidated() throws Exception {
    Path w = tmp.resolve("w.json");
    Files.writeString(w, "{\"a/x.csv\": [[\"2015-01-01 00:10:00.000000\", \"2015-01-01 00:20:00\"]], \"y.csv\": []}");
    Map<String, List<Window>> m = NabWindows.read(w);
    assertEquals(1, NabWindows.lookup(m, "x.csv").size());
    assertEquals(0, NabWindows.lookup(m, "y.csv").size());
    assertEquals(null, NabWindows.lookup(m, "z.csv"));
    Files.writeString(w, "{\"x.csv\": [[\"2015-01-01 00:10:00\", \"2015-01-01 00:20:00\"], [\"2015-01-01 00:15:00\", \"2015-01-01 00:30:00\"]]}");
    assertTrue(assertThrows(DataException.class, () -> NabWindows.read(w)).getMessage().contains("overlap"));
    Files.writeString(w, "{\"x.csv\": [[\"2015-01-01 00:30:00\", \"2015-01-01 00:20:00\"]]}");
    assertTrue(assertThrows(DataException.class, () -> NabWindows.read(w)).getMessage().contains("ends before"));
    // a window outside the series is an error; one off the bucket grid is snapped and reported
    long[] t = grid(10);
    assertThrows(DataException.class, () -> NabScorer.prepare("s", t, List.of(new Window(5000, 6000)), NabProfile.STANDARD));
    NabScorer.FileSweep f = NabScorer.prepare("s", t, List.of(new Window(400, 1000)), NabProfile.STANDARD);
    assertEquals(2, f.windowStart[0]);
    assertEquals(3, f.windowEnd[0]);
    assertEquals(1, f.warnings.size());
  }

  @Test
  void operationalFigures() {
    long[] t = grid(2016 * 2);
    List<Window> ws = List.of(new Window(1000 * 300L, 1100 * 300L), new Window(3000 * 300L, 3100 * 300L));
    boolean[] a = new boolean[t.length];
    a[1010] = true; // 50 min after the start of window 1, whose centre is bucket 1050
    a[2000] = true; // false alarm
    a[2001] = true; // same false alarm (consecutive)
    a[2500] = true; // second false alarm
    OperationalScore op = OperationalScore.of(List.of(new OperationalScore.Input(t, 300, a, ws, null, 0)));
    assertEquals(2, op.incidents());
    assertEquals(1, op.detected());
    assertEquals(50.0, op.medianDelayMinutes(), 1e-9);
    assertEquals(200.0, op.medianLeadTimeMinutes(), 1e-9);
    assertEquals(2, op.falseAlarms());
    assertEquals(2.0, op.weeks(), 1e-9);
    assertEquals(1.0, op.falseAlarmsPerWeek(), 1e-9);
    assertEquals(4 * 5 / 60.0, op.alertHours(), 1e-9);
  }

  @Test
  void thresholdsFileGoldenAndLookup() throws Exception {
    SurgeRule def = new SurgeRule("*", "*", "count", 300, "surge",
        Map.of("window", 576, "memory", 4032, "rank", 2, "cooldownBuckets", 144, "persistenceK", 1, "persistenceN", 1),
        1.0, "nab-standard", 75.0, 0.5, 200.0, List.of("a.csv"), 4.4, 85.6);
    SurgeRule acme = new SurgeRule("acme", "*", "negative_count", 300, "rolling-z", Map.of("window", 288),
        6.0, "catch", null, null, null, List.of(), null, null);
    Thresholds th = new Thresholds(Thresholds.VERSION, "nab-standard", "leave-one-series-out", List.of(acme, def));
    String json = th.toJson();
    assertEquals(Files.readString(Path.of("src/test/resources/golden/thresholds-v2.json"), StandardCharsets.UTF_8), json);
    Path f = tmp.resolve("t.json");
    Files.writeString(f, json);
    Thresholds back = Thresholds.read(f);
    assertEquals(th, back);
    assertEquals(def, back.ruleFor(null, null, "count").orElseThrow());
    // the volume range the rule was validated on: a quieter or busier series is warned about
    assertNull(def.volumeWarning("x", 10));
    assertTrue(def.volumeWarning("x", 0.4).contains("below"));
    assertTrue(def.volumeWarning("x", 500).contains("above"));
    assertNull(acme.volumeWarning("x", 0.001), "no range, no warning");
    // version 1 (no volume range) is refused with a clear message
    Files.writeString(f, Files.readString(Path.of("src/test/resources/golden/thresholds-v1.json"), StandardCharsets.UTF_8));
    assertTrue(assertThrows(DataException.class, () -> Thresholds.read(f)).getMessage().contains("version 1 is not supported"));
    Files.writeString(f, json);
    assertEquals("rolling-z", back.ruleFor("acme", "web", "negative_count").orElseThrow().detector());
    assertTrue(back.ruleFor("acme", "web", "count").orElseThrow().detector().equals("surge"),
        "the acme rule watches negative_count, so a count series of acme takes the default");
    assertTrue(back.ruleFor("bolt", "web", "negative_count").isEmpty(), "no rule for negative_count outside acme");
    assertEquals(144, back.ruleFor(null, null, null).orElseThrow().spec().cooldownBuckets());
    Files.writeString(f, json.replace("\"rank\" : 2", "\"rnak\" : 2"));
    String msg = assertThrows(DataException.class, () -> Thresholds.read(f)).getMessage();
    assertTrue(msg.contains("rnak") && msg.contains("rules[1]"), msg);
  }
}
