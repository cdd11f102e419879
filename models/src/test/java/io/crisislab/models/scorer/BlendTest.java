package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stacked blend in the scorer file (format 4): arithmetic, routing, format and validation. */
class BlendTest {
  @TempDir
  Path tmp;

  static final Blend META = new Blend(Blend.LOG_ODDS, new double[][] {{0.75, 1.25}}, new double[] {-0.125});

  /** {@link CascadeTest#sample} with a blend of its front and its encoder model. */
  static ScorerFile sample(double margin, Blend blend) {
    ScorerFile f = CascadeTest.sample(margin);
    return new ScorerFile(f.format(), ScorerFile.FORMAT_VERSION_BLEND, f.normalizerVersion(), f.task(), f.learner(),
        f.blocks(), f.encoder(), f.cascade(), f.head(), f.negativeClass(), f.calibration(), f.threshold(), f.reasons(),
        f.provenance(), blend);
  }

  @Test
  void matchesGoldenFileForFormatVersion4() throws IOException {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/scorer-v4.json")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, sample(0.23, META).toJson(), "scorer.json format changed: bump the format version and add a golden file");
    Path f = Files.writeString(tmp.resolve("scorer.json"), golden);
    assertEquals(sample(0.23, META), ScorerFile.read(f));
  }

  /** The blend by hand: sigmoid of the weighted log-odds of the front's and the encoder head's raw p. */
  @Test
  void scoresTheBlendOfBothModelsByHand() {
    ScorerFile file = sample(2, META); // every post routed: the blend answers
    NegativityScorer blended = new NegativityScorer(file, CascadeTest.FAKE);
    NegativityScorer ngram = new NegativityScorer(file.cascade().ngram());
    NegativityScorer encoderAlone = new NegativityScorer(CascadeTest.sample(2), CascadeTest.FAKE).fullModel();
    for (String t : CascadeTest.POSTS) {
      double pn = ngram.score(t).pNegativeRaw();
      double pe = encoderAlone.score(t).pNegativeRaw();
      double z = 0.75 * Math.log(pn / (1 - pn)) + 1.25 * Math.log(pe / (1 - pe)) - 0.125;
      double raw = 1 / (1 + Math.exp(-z));
      NegativityScorer.Score s = blended.score(t);
      assertEquals(raw, s.pNegativeRaw(), 1e-12, t);
      assertEquals(Calibration.platt(1.5, 0.1).apply(raw), s.pNegative(), 1e-12, t);
      assertTrue(s.encoder());
      // the full model (no cascade) computes the n-gram input itself: the same answer
      assertEquals(s.pNegative(), blended.fullModel().pNegative(t), 0.0, t);
    }
  }

  /** The front answers outside the band exactly as without a blend; only routed posts take the blend. */
  @Test
  void theCascadeRoutesToTheBlend() {
    NegativityScorer withBlend = new NegativityScorer(sample(0.23, META), CascadeTest.FAKE);
    NegativityScorer withoutBlend = new NegativityScorer(CascadeTest.sample(0.23), CascadeTest.FAKE);
    int routed = 0;
    for (String t : CascadeTest.POSTS) {
      NegativityScorer.Score a = withBlend.score(t);
      NegativityScorer.Score b = withoutBlend.score(t);
      assertEquals(b.encoder(), a.encoder(), t);
      if (a.encoder()) {
        routed++;
        assertEquals(withBlend.fullModel().pNegative(t), a.pNegative(), 0.0, t);
      } else {
        assertEquals(b.pNegative(), a.pNegative(), 0.0, t);
      }
    }
    assertTrue(routed > 0 && routed < CascadeTest.POSTS.length, "routed " + routed);
  }

  @Test
  void threeClassBlendIsTheSoftmaxOfWeightedLogProbabilities() {
    double[][] w = {{1, 0, 0, 0.5, 0, 0}, {0, 1, 0, 0, 0.5, 0}, {0, 0, 1, 0, 0, 0.5}};
    Blend b = new Blend(Blend.LOG_PROBABILITIES, w, new double[] {0.1, 0, -0.1});
    double[] pn = {0.2, 0.5, 0.3};
    double[] pe = {0.6, 0.3, 0.1};
    double[] m = new double[3];
    for (int k = 0; k < 3; k++) {
      m[k] = Math.log(pn[k]) + 0.5 * Math.log(pe[k]) + b.intercepts()[k];
    }
    double[] expected = NegativityScorer.softmax(m);
    double[] got = b.apply(pn, pe);
    for (int k = 0; k < 3; k++) {
      assertEquals(expected[k], got[k], 1e-15);
    }
    b.validate(3);
    // a saturated base model gives a finite answer (probabilities are clamped before the log)
    double[] sat = META.apply(new double[] {0, 1}, new double[] {1, 0});
    assertTrue(Double.isFinite(sat[1]) && sat[1] > 0 && sat[1] < 1);
  }

  @Test
  void refusesBadMetaWeightsAndVersions() throws IOException {
    String good = sample(0.23, META).toJson();
    for (String[] bad : new String[][] {
        {"\"inputs\" : \"log-odds\"", "\"inputs\" : \"log-probabilities\""},
        {"\"intercepts\" : [ -0.125 ]", "\"intercepts\" : [ -0.125, 1.0 ]"},
        {"[ [ 0.75, 1.25 ] ]", "[ [ 0.75 ] ]"},
        {"[ [ 0.75, 1.25 ] ]", "[ [ 0.75, \"NaN\" ] ]"},
        {"\"formatVersion\" : 4", "\"formatVersion\" : 3"}}) {
      assertTrue(good.contains(bad[0]), bad[0]);
      Path f = Files.writeString(tmp.resolve("bad.json"), good.replace(bad[0], bad[1]));
      DataException e = assertThrows(DataException.class, () -> ScorerFile.read(f), bad[1]);
      assertTrue(e.getMessage().contains("blend") || e.getMessage().contains("formatVersion"), e.getMessage());
    }
    // a blend needs the cascade's n-gram model as its first input
    ScorerFile f = sample(0.23, META);
    ScorerFile noCascade = new ScorerFile(f.format(), ScorerFile.FORMAT_VERSION_BLEND, f.normalizerVersion(), f.task(),
        f.learner(), f.blocks(), f.encoder(), null, f.head(), f.negativeClass(), f.calibration(), f.threshold(), null,
        f.provenance(), META);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noCascade::validate);
    assertTrue(e.getMessage().contains("cascade"), e.getMessage());
  }
}
