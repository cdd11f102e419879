package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The local calibration fits against scikit-learn on a fixed array (fixture made by make_fixture.py beside it). */
class CalibrationFitTest {
  private static JsonNode fixture() throws IOException {
    try (InputStream in = CalibrationFitTest.class.getResourceAsStream("/calibration/sklearn-fixture.json")) {
      return Json.mapper().readTree(in);
    }
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private static boolean[] booleans(JsonNode a) {
    boolean[] out = new boolean[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asBoolean();
    }
    return out;
  }

  @Test
  void plattMatchesScikitLearnsSigmoidCalibration() throws IOException {
    JsonNode f = fixture();
    Calibration c = CalibrationFit.platt(doubles(f.get("p")), booleans(f.get("y")));
    assertEquals(Calibration.PLATT, c.method());
    // scikit-learn stops L-BFGS at gradient 1e-6; Newton here converges to double precision
    assertEquals(f.get("platt").get("a").asDouble(), c.a(), 1e-5);
    assertEquals(f.get("platt").get("b").asDouble(), c.b(), 1e-5);
  }

  @Test
  void plattIsTheStationaryPointOfPlattsObjective() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 5000;
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextDouble();
      // outcomes from a known map: true a = 2, b = -0.5 on logit(p)
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(2 * Calibration.logit(p[i]) - 0.5)));
    }
    Calibration c = CalibrationFit.platt(p, y);
    long pos = 0;
    for (boolean v : y) {
      pos += v ? 1 : 0;
    }
    double ga = 0;
    double gb = 0;
    for (int i = 0; i < n; i++) {
      double t = y[i] ? (pos + 1.0) / (pos + 2.0) : 1.0 / (n - pos + 2.0);
      double d = c.apply(p[i]) - t;
      ga += d * Calibration.logit(p[i]);
      gb += d;
    }
    assertEquals(0, ga, 1e-6);
    assertEquals(0, gb, 1e-6);
    assertEquals(2, c.a(), 0.15);
    assertEquals(-0.5, c.b(), 0.15);
  }

  @Test
  void plattStaysFiniteOnSeparableData() {
    // every negative above every other post: plain maximum likelihood diverges, Platt's targets do not
    Calibration c = CalibrationFit.platt(new double[] {0.1, 0.2, 0.3, 0.7, 0.8, 0.9},
        new boolean[] {false, false, false, true, true, true});
    assertTrue(Double.isFinite(c.a()) && Double.isFinite(c.b()) && c.a() > 0, c.toString());
    assertTrue(c.apply(0.9) > 0.7 && c.apply(0.9) < 1 && c.apply(0.1) < 0.3, c.toString());
  }

  @Test
  void isotonicMatchesScikitLearnsThresholdsAndPredictions() throws IOException {
    JsonNode f = fixture();
    JsonNode iso = f.get("isotonic");
    Calibration c = CalibrationFit.isotonic(doubles(f.get("p")), booleans(f.get("y")));
    assertEquals(Calibration.ISOTONIC, c.method());
    assertArrayEquals(doubles(iso.get("boundaries")), c.boundaries(), 0);
    assertArrayEquals(doubles(iso.get("predictions")), c.predictions(), 1e-15);
    double[] grid = doubles(iso.get("grid"));
    double[] expected = doubles(iso.get("predicted"));
    for (int i = 0; i < grid.length; i++) {
      assertEquals(expected[i], c.apply(grid[i]), 1e-12, "at p = " + grid[i]);
    }
  }

  @Test
  void isotonicPoolsViolatorsAndEqualP() {
    // (0.1, 1) (0.2, 0) violate: pooled to 0.5 over [0.1, 0.2]; the two posts at p 0.3 pool to 0.5,
    // equal to the block before, so that block extends to 0.3; 0.4 stands alone at 1
    Calibration c = CalibrationFit.isotonic(new double[] {0.3, 0.1, 0.4, 0.2, 0.3},
        new boolean[] {true, true, true, false, false});
    assertArrayEquals(new double[] {0.1, 0.3, 0.4}, c.boundaries(), 0);
    assertArrayEquals(new double[] {0.5, 0.5, 1.0}, c.predictions(), 0);
    assertEquals(0.75, c.apply(0.35), 1e-15);
  }

  /** Integer weights fit the same maps as the pairs repeated that many times; weight 0 leaves a pair out. */
  @Test
  void weightsCountAsRepeatedPairs() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 300;
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    double[] w = new double[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.floor(r.nextDouble() * 50) / 50; // repeated p values: isotonic pools them
      y[i] = r.nextDouble() < 0.1 + 0.7 * p[i];
      w[i] = r.nextInt(4); // 0 .. 3
      total += (int) w[i];
    }
    double[] rp = new double[total];
    boolean[] ry = new boolean[total];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < w[i]; j++) {
        rp[k] = p[i];
        ry[k++] = y[i];
      }
    }
    Calibration pw = CalibrationFit.platt(p, y, w);
    Calibration pr = CalibrationFit.platt(rp, ry);
    assertEquals(pr.a(), pw.a(), 1e-9);
    assertEquals(pr.b(), pw.b(), 1e-9);
    assertTrue(Math.abs(pw.a() - CalibrationFit.platt(p, y).a()) > 1e-6, "the weights move the fit");
    Calibration iw = CalibrationFit.isotonic(p, y, w);
    Calibration ir = CalibrationFit.isotonic(rp, ry);
    assertArrayEquals(ir.boundaries(), iw.boundaries(), 0);
    assertArrayEquals(ir.predictions(), iw.predictions(), 0);
    // no weights is weight 1 everywhere, to the last bit
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    assertEquals(CalibrationFit.platt(p, y), CalibrationFit.platt(p, y, ones));
    assertEquals(CalibrationFit.isotonic(p, y), CalibrationFit.isotonic(p, y, ones));
  }

  @Test
  void emptyOrMismatchedInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CalibrationFit.platt(new double[0], new boolean[0]));
    assertThrows(IllegalArgumentException.class, () -> CalibrationFit.isotonic(new double[2], new boolean[1]));
    double[] p = {0.2, 0.7};
    boolean[] y = {false, true};
    for (double[] bad : new double[][] {{1}, {1, -1}, {1, Double.NaN}, {0, 0}, {1, Double.POSITIVE_INFINITY}}) {
      assertThrows(IllegalArgumentException.class, () -> CalibrationFit.platt(p, y, bad));
      assertThrows(IllegalArgumentException.class, () -> CalibrationFit.isotonic(p, y, bad));
    }
  }
}
