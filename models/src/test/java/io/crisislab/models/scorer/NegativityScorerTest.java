package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crisislab.models.text.SocialTextNormalizer;
import io.crisislab.models.text.TextFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NegativityScorerTest {
  static final List<String> TEXTS = List.of("@united my flight is delayed AGAIN!! \uD83D\uDE21\uD83D\uDE21 #NeverAgain",
      "not good at all, thanks for nothing :(", "love it \u2764\uFE0F so much <3", "ok", "",
      "caf\u00e9 na\u00efve \uD835\uDC00 math letters", "sooooo looong waaaait");

  /** The allocation-free n-gram counting must equal counting TextFeatures' lists. */
  @Test
  void incrementalCharNgramLookupEqualsListCounting() {
    LinkedHashSet<String> words = new LinkedHashSet<>();
    LinkedHashSet<String> chars = new LinkedHashSet<>();
    for (String t : TEXTS) {
      SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(t);
      words.addAll(TextFeatures.wordNgrams(n.tokens(), 1, 2));
      chars.addAll(TextFeatures.charNgrams(n.plain(), 2, 5));
    }
    // keep every other term so that misses are exercised too
    List<String> wv = everyOther(words);
    List<String> cv = everyOther(chars);
    double[] wIdf = new double[wv.size()];
    double[] cIdf = new double[cv.size()];
    Arrays.fill(wIdf, 1.0);
    Arrays.fill(cIdf, 1.0);
    FeatureBlock wb = new FeatureBlock("words", FeatureBlock.WORD, 1, 2, wv, wIdf, false);
    FeatureBlock cb = new FeatureBlock("chars", FeatureBlock.CHAR, 2, 5, cv, cIdf, false);
    int f = wv.size() + cv.size();
    ScorerFile file = new ScorerFile(ScorerFile.FORMAT, 1, SocialTextNormalizer.VERSION, "binary", "logistic-regression",
        List.of(wb, cb), null, null, new LinearHead(LinearHead.SIGMOID, List.of("rest", "negative"), new double[][] {new double[f]},
            new double[] {0}), 1, Calibration.none(), 0.5, null, Map.of());
    NegativityScorer s = new NegativityScorer(file);
    for (String t : TEXTS) {
      SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(t);
      TreeMap<Integer, Double> expected = new TreeMap<>();
      for (String g : TextFeatures.wordNgrams(n.tokens(), 1, 2)) {
        int i = wv.indexOf(g);
        if (i >= 0) {
          expected.merge(i, 1.0, Double::sum);
        }
      }
      for (String g : TextFeatures.charNgrams(n.plain(), 2, 5)) {
        int i = cv.indexOf(g);
        if (i >= 0) {
          expected.merge(wv.size() + i, 1.0, Double::sum);
        }
      }
      TfidfFeaturizer.Sparse x = s.features(t).ngrams();
      TreeMap<Integer, Double> actual = new TreeMap<>();
      for (int q = 0; q < x.idx().length; q++) {
        assertEquals(null, actual.put(x.idx()[q], x.val()[q]), "index " + x.idx()[q] + " repeated in " + t);
      }
      assertArrayEquals(expected.keySet().stream().mapToInt(Integer::intValue).toArray(),
          actual.keySet().stream().mapToInt(Integer::intValue).toArray(), t);
      assertArrayEquals(expected.values().stream().mapToDouble(Double::doubleValue).toArray(),
          actual.values().stream().mapToDouble(Double::doubleValue).toArray(), 0, t);
    }
  }

  @Test
  void softmaxMatchesDefinition() {
    double[] p = NegativityScorer.softmax(new double[] {1, 2, 3});
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertEquals(Math.exp(3) / z, p[2], 1e-15);
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-15);
  }

  private static List<String> everyOther(LinkedHashSet<String> s) {
    List<String> out = new ArrayList<>();
    int k = 0;
    for (String t : s) {
      if (k++ % 2 == 0) {
        out.add(t);
      }
    }
    return out;
  }
}
