package io.crisislab.models.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class DetectorsTest {
  static final int BUCKET = 300;

  /** Three weeks of 5-minute Poisson counts with a daily cycle, and a surge at bucket 5000. */
  static double[] series(long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    int n = 3 * 2016;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double rate = 20 + 10 * Math.sin(2 * Math.PI * i / 288.0);
      if (i >= 5000 && i < 5012) {
        rate *= 8;
      }
      v[i] = new PoissonDistribution(rng, rate, 1e-12, 1000).sample();
    }
    return v;
  }

  static long[] times(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_425_000_000L - 1_425_000_000L % 604800 + (long) i * BUCKET;
    }
    return t;
  }

  static List<DetectorSpec> specs() {
    return List.of(
        new DetectorSpec("static", Map.of(), 60, 1, 1, 0),
        new DetectorSpec("rolling-z", Map.of("window", 288.0), 4, 1, 1, 0),
        new DetectorSpec("ewma", Map.of("alpha", 0.02), 4, 1, 1, 0),
        new DetectorSpec("seasonal-mad", Map.of("slotSeconds", 3600.0, "samples", 24.0), 4, 1, 1, 0),
        new DetectorSpec("count-tail", Map.of("trailing", 288.0, "size", 20.0), 6, 1, 1, 0),
        new DetectorSpec("cusum", Map.of("alpha", 0.1, "slack", 1.0), 10, 1, 1, 0),
        new DetectorSpec("surge", Map.of("window", 288.0, "memory", 1000.0, "rank", 2.0), 1.5, 1, 1, 0),
        new DetectorSpec("dispersion-tail", Map.of("span", 6.0, "halfLife", 288.0, "guard", 4.0), 5, 1, 1, 0));
  }

  @Test
  void everyDetectorCatchesThePlantedSurgeAndIsDeterministic() {
    double[] v = series(7);
    long[] t = times(v.length);
    for (DetectorSpec s : specs()) {
      double[] a = s.newDetector().scoreAll(t, v);
      double[] b = s.newDetector().scoreAll(t, v);
      assertArrayEquals(a, b, s.detector() + " is not deterministic");
      boolean[] alerts = s.policy().apply(a);
      boolean hit = false;
      for (int i = 5000; i < 5012; i++) {
        hit |= alerts[i];
      }
      assertTrue(hit, s.detector() + " missed the 8x surge");
      int outside = 0;
      for (int i = 4032; i < v.length; i++) {
        if (alerts[i] && (i < 5000 || i > 5300)) {
          outside++;
        }
      }
      assertTrue(outside < 40, s.detector() + " raised " + outside + " alerts away from the surge");
    }
  }

  @Test
  void raisingTheThresholdNeverAddsAlertsWithoutCooldown() {
    double[] v = series(11);
    long[] t = times(v.length);
    for (DetectorSpec s : specs()) {
      double[] scores = s.newDetector().scoreAll(t, v);
      double[] finite = Arrays.stream(scores).filter(x -> !Double.isNaN(x)).sorted().toArray();
      for (int[] pol : new int[][] {{1, 1, 0}, {2, 3, 0}, {1, 1, 12}, {3, 5, 36}}) {
        int prevCount = Integer.MAX_VALUE;
        boolean[] prev = null;
        for (int q = 0; q <= 20; q++) {
          double thr = finite[(int) Math.min(finite.length - 1, Math.floor(finite.length * (0.8 + q * 0.01)))];
          boolean[] alerts = new AlertPolicy(thr, pol[0], pol[1], pol[2]).apply(scores);
          boolean[] firing = new AlertPolicy(thr, pol[0], pol[1], 0).apply(scores);
          int count = 0;
          int runs = 0;
          for (int i = 0; i < alerts.length; i++) {
            count += alerts[i] ? 1 : 0;
            runs += firing[i] && (i == 0 || !firing[i - 1]) ? 1 : 0;
            assertFalse(alerts[i] && !firing[i], s.detector() + ": alert at bucket " + i + " that does not fire");
          }
          if (pol[2] == 0) {
            assertTrue(count <= prevCount, s.detector() + " " + Arrays.toString(pol) + ": more alerts at a higher threshold");
            for (int i = 0; prev != null && i < alerts.length; i++) {
              assertFalse(alerts[i] && !prev[i], s.detector() + ": new alert at bucket " + i + " after raising the threshold");
            }
          } else {
            // one alert per excursion at most: never more alerts than runs of firing buckets
            assertTrue(count <= runs, s.detector() + " " + Arrays.toString(pol) + ": " + count + " alerts, " + runs + " runs");
          }
          prevCount = count;
          prev = alerts;
        }
      }
    }
  }

  @Test
  void streamingRuleEqualsBatchPolicy() {
    double[] v = series(3);
    long[] t = times(v.length);
    DetectorSpec s = new DetectorSpec("ewma", Map.of("alpha", 0.05), 2.5, 2, 3, 10);
    boolean[] batch = s.policy().apply(s.newDetector().scoreAll(t, v));
    AlertRule rule = s.newRule();
    for (int i = 0; i < v.length; i++) {
      assertEquals(batch[i], rule.step(t[i], v[i]).alert(), "bucket " + i);
    }
  }

  @Test
  void persistenceAndCooldownSemantics() {
    double[] s = {0, 5, 0, 5, 5, 0, 5, 5, 5, 5, 5, 5};
    assertArrayEquals(new boolean[] {false, true, false, true, true, false, true, true, true, true, true, true},
        AlertPolicy.threshold(5).apply(s));
    // 2 of the last 3 buckets
    assertArrayEquals(new boolean[] {false, false, false, true, true, true, true, true, true, true, true, true},
        new AlertPolicy(5, 2, 3, 0).apply(s));
    // cool-down of 2 buckets: the gaps of 1 bucket do not end the excursion, so one alert however long it lasts
    assertArrayEquals(new boolean[] {false, true, false, false, false, false, false, false, false, false, false, false},
        new AlertPolicy(5, 1, 1, 2).apply(s));
    // cool-down of 3: a new excursion after 3 quiet buckets alerts again; after 2 it does not
    assertArrayEquals(new boolean[] {true, false, false, false, false, true, false, false, false, false},
        new AlertPolicy(5, 1, 1, 3).apply(new double[] {5, 5, 0, 0, 0, 5, 5, 0, 0, 5}));
    assertArrayEquals(new boolean[] {false, false}, AlertPolicy.threshold(0).apply(new double[] {Double.NaN, Double.NaN}));
  }

  @Test
  void badParametersFailFast() {
    assertThrows(IllegalArgumentException.class, () -> new RollingZDetector(1, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new EwmaDetector(1.5, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new SurgeDetector(288, 2, 4, 0.1, false, 1));
    assertEquals("cusum minSd must be >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new CusumDetector(0.01, 0.5, 4, -1, true)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(1, 3, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(1, 1, 1, -1));
    UsageException e = assertThrows(UsageException.class, () -> new DetectorSpec("rolling-z", Map.of("windw", 5.0), 1, 1, 1, 0));
    assertTrue(e.getMessage().contains("windw"), e.getMessage());
    assertThrows(UsageException.class, () -> new DetectorSpec("rolling-z", Map.of("window", 2.5), 1, 1, 1, 0));
    assertThrows(UsageException.class, () -> new DetectorSpec("nope", Map.of(), 1, 1, 1, 0));
    assertThrows(UsageException.class, () -> DetectorSpec.fromJson("{\"detector\":\"ewma\",\"params\":{\"alpha\":2},"
        + "\"threshold\":1,\"persistenceK\":1,\"persistenceN\":1,\"cooldownBuckets\":0}"));
  }

  @Test
  void specJsonIsStableAndRoundTrips() throws IOException {
    DetectorSpec s = new DetectorSpec("surge", Map.of("window", 288.0, "memory", 4032.0, "rank", 4.0), 1.25, 1, 1, 144);
    String json = s.toJson();
    assertEquals(s, DetectorSpec.fromJson(json));
    Path golden = Path.of("src/test/resources/golden/detector-spec-v1.json");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), json);
  }

  @Test
  void sortedWindowMadMatchesBruteForce() {
    Random r = new Random(5);
    SortedWindow w = new SortedWindow(37);
    double[] all = new double[500];
    for (int i = 0; i < all.length; i++) {
      all[i] = r.nextInt(20);
      w.add(all[i]);
      double[] cur = Arrays.copyOfRange(all, Math.max(0, i - 36), i + 1);
      Arrays.sort(cur);
      double med = median(cur);
      assertEquals(med, w.median(), 0);
      double[] dev = Arrays.stream(cur).map(x -> Math.abs(x - med)).sorted().toArray();
      assertEquals(median(dev), w.mad(med), 0);
      assertEquals(cur[cur.length - 1], w.largest(1), 0);
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  @Test
  void countTailMatchesPoissonAndNegativeBinomial() {
    // P(X >= 3 | Poisson 1) = 1 - e^-1 (1 + 1 + 1/2)
    assertEquals(1 - Math.exp(-1) * 2.5, CountTailDetector.upperTail(3, 1, 0), 1e-12);
    // NB size 1 is geometric: P(X >= k) = (mean/(1+mean))^k
    assertEquals(Math.pow(2.0 / 3.0, 4), CountTailDetector.upperTail(4, 2, 1), 1e-12);
  }
}
