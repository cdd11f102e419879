package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerFileTest {
  @TempDir
  Path tmp;

  /** A tiny hand-made scorer: 3 word terms, 2 char terms, sigmoid head, isotonic map, two reasons. */
  static ScorerFile sample() {
    FeatureBlock words = new FeatureBlock("words", FeatureBlock.WORD, 1, 2,
        List.of("not_good", "late", "not not_good"), new double[] {1.5, 0.5, 2.0}, true);
    FeatureBlock chars = new FeatureBlock("chars", FeatureBlock.CHAR, 2, 3, List.of(" l", "te "), new double[] {0.25, 1.0}, true);
    LinearHead head = new LinearHead(LinearHead.SIGMOID, List.of("rest", "negative"),
        new double[][] {{2.0, 1.0, 0.5, -1.0, 3.0}}, new double[] {-0.5});
    LinearHead reasons = new LinearHead(LinearHead.SOFTMAX, List.of("Late Flight", "Bad Flight"),
        new double[][] {{0, 3, 0, 0, 1}, {1, 0, 0, 0, 0}}, new double[] {0, 0.1});
    return new ScorerFile(ScorerFile.FORMAT, 1, 1, "binary", "logistic-regression", List.of(words, chars), null, null, head, 1,
        Calibration.isotonic(new double[] {0.2, 0.6, 0.9}, new double[] {0.1, 0.5, 0.95}), 0.5, reasons,
        Map.of("runId", "20261125T120000Z-abcdef12"));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ScorerFileTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void matchesGoldenFileForFormatVersion1() throws IOException {
    String golden = golden("scorer-v1.json");
    assertEquals(golden, sample().toJson(), "scorer.json format changed: bump FORMAT_VERSION and add a golden file");
    Path f = Files.writeString(tmp.resolve("scorer.json"), golden);
    assertEquals(sample(), ScorerFile.read(f));
  }

  /** {@link #sample} with a prior-shift record: format version 5. */
  static ScorerFile sampleWithPriorShift() {
    ScorerFile f = sample();
    Calibration cal = f.calibration().withPriorShift(new PriorShift(0.635));
    return new ScorerFile(f.format(), ScorerFile.FORMAT_VERSION_PRIOR_SHIFT, f.normalizerVersion(), f.task(),
        f.learner(), f.blocks(), null, null, f.head(), f.negativeClass(), cal, f.threshold(), f.reasons(), f.provenance());
  }

  @Test
  void matchesGoldenFileForFormatVersion5() throws IOException {
    String golden = golden("scorer-v5.json");
    assertEquals(golden, sampleWithPriorShift().toJson(), "scorer.json format changed: bump FORMAT_VERSION and add a golden file");
    Path f = Files.writeString(tmp.resolve("scorer.json"), golden);
    ScorerFile read = ScorerFile.read(f);
    assertEquals(sampleWithPriorShift(), read);
    NegativityScorer s = new NegativityScorer(read);
    assertEquals(0.635, s.priorShift().trainPrior(), 0.0);
    // the record changes no single post's score
    assertEquals(new NegativityScorer(sample()).score("not good, late"), s.score("not good, late"));
    assertNull(new NegativityScorer(sample()).priorShift());
    // the version follows the record both ways
    Path noRecord = Files.writeString(tmp.resolve("v5-without.json"), sample().toJson()
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 5"));
    assertTrue(assertThrows(DataException.class, () -> ScorerFile.read(noRecord)).getMessage().contains("formatVersion 5"));
    Path oldVersion = Files.writeString(tmp.resolve("v1-with.json"), golden.replace("\"formatVersion\" : 5", "\"formatVersion\" : 1"));
    assertTrue(assertThrows(DataException.class, () -> ScorerFile.read(oldVersion)).getMessage()
        .contains("with a prior-shift record"));
    Path bad = Files.writeString(tmp.resolve("bad-prior.json"), golden.replace("0.635", "1.5"));
    assertThrows(DataException.class, () -> ScorerFile.read(bad));
  }

  @Test
  void scoresByHandArithmetic() {
    NegativityScorer s = new NegativityScorer(sample());
    // "not good, late": tokens not, not_good, late; word terms not_good (1), late (1), "not not_good" (1)
    // tfidf = (1.5, 0.5, 2.0), norm sqrt(2.25+0.25+4) ; chars " l" once, "te " once: (0.25, 1.0)
    double wn = Math.sqrt(1.5 * 1.5 + 0.5 * 0.5 + 2.0 * 2.0);
    double cn = Math.sqrt(0.25 * 0.25 + 1.0);
    double margin = 2.0 * 1.5 / wn + 1.0 * 0.5 / wn + 0.5 * 2.0 / wn - 1.0 * 0.25 / cn + 3.0 * 1.0 / cn - 0.5;
    double raw = 1 / (1 + Math.exp(-margin));
    NegativityScorer.Score sc = s.score("Not good, late");
    assertEquals(raw, sc.pNegativeRaw(), 1e-15);
    double expected = raw >= 0.9 ? 0.95 : 0.5 + (0.95 - 0.5) * (raw - 0.6) / (0.9 - 0.6);
    assertEquals(expected, sc.pNegative(), 1e-15);
    assertTrue(sc.isNegative());
    assertEquals("Late Flight", sc.reason());
    // an unknown post: only the intercept; raw 0.3775 lies between boundaries 0.2 and 0.6
    NegativityScorer.Score none = s.score("hello");
    double r0 = 1 / (1 + Math.exp(0.5));
    assertEquals(r0, none.pNegativeRaw(), 1e-15);
    assertEquals(0.1 + 0.4 * (r0 - 0.2) / 0.4, none.pNegative(), 1e-15);
    assertFalse(none.isNegative());
    assertNull(none.reason());
  }

  @Test
  void refusesOtherVersionsAndBrokenFiles() throws IOException {
    String text = sample().toJson();
    Path v2 = Files.writeString(tmp.resolve("v2.json"), text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    DataException e = assertThrows(DataException.class, () -> ScorerFile.read(v2));
    assertTrue(e.getMessage().contains("formatVersion 2"), e.getMessage());
    Path nv = Files.writeString(tmp.resolve("nv.json"), text.replace("\"normalizerVersion\" : 1", "\"normalizerVersion\" : 9"));
    assertTrue(assertThrows(DataException.class, () -> ScorerFile.read(nv)).getMessage().contains("normalizerVersion 9"));
    Path extra = Files.writeString(tmp.resolve("x.json"), text.replaceFirst("\\{", "{\"bogus\": 1,"));
    assertThrows(DataException.class, () -> ScorerFile.read(extra));
    assertThrows(DataException.class, () -> ScorerFile.read(tmp.resolve("missing")));
  }

  @Test
  void platt() {
    Calibration c = Calibration.platt(2.0, -1.0);
    double p = 0.7;
    assertEquals(1 / (1 + Math.exp(-(2.0 * Math.log(0.7 / 0.3) - 1.0))), c.apply(p), 1e-15);
    assertEquals(0.3, Calibration.none().apply(0.3), 0);
  }
}
