package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crisislab.models.text.SocialTextNormalizer;
import io.crisislab.models.text.TextFeatures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NgramTermsTest {
  private static final String[] TEXTS = {"@united my flight is delayed AGAIN!!! #DelayedAgain", "", "a",
      "Crew was great 😀😀 thanks", "lone \uD83D surrogate \uDE00 here", "ünïcödé straße ÆØÅ", "x  y   z",
      "long wordwithmorethaneightchars and more"};

  @Test
  void enumeratesTheTermsOfTextFeaturesWithTheirHashes() {
    for (String t : TEXTS) {
      SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(t);
      List<String> words = new ArrayList<>();
      NgramTerms.words(n.tokens(), 1, 2, collect(words));
      assertEquals(TextFeatures.wordNgrams(n.tokens(), 1, 2), words, t);
      List<String> chars = new ArrayList<>();
      NgramTerms.chars(n.plain(), 2, 5, collect(chars));
      List<String> expected = new ArrayList<>(TextFeatures.charNgrams(n.plain(), 2, 5));
      expected.sort(null);
      chars.sort(null);
      assertEquals(expected, chars, t);
    }
  }

  /** Collects each region as a string, checking the hash and inline key the sink receives. */
  private static NgramTerms.Sink collect(List<String> out) {
    return (s, from, to, hash, packed) -> {
      String term = s.substring(from, to);
      assertEquals(term.hashCode(), hash, term);
      assertEquals(TermIndex.pack(term), packed, term);
      out.add(term);
    };
  }
}
