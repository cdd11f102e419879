package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TermIndexTest {
  @Test
  void findsExactlyTheVocabularyTermsInlineAndOutOfLine() {
    // "Aa"/"BB" share a String hash; "é" is Latin-1, "😡" and "ж" are not; "abcdefgh" is the longest inline key
    List<String> vocab = List.of("Aa", "ab", "abc", "abcdefgh", "abcdefghi", "not_good at", "é!", "😡", "ж", " a");
    TermIndex index = new TermIndex(vocab);
    for (int i = 0; i < vocab.size(); i++) {
      assertEquals(i, index.get(vocab.get(i)), vocab.get(i));
    }
    for (String miss : List.of("BB", "a", "abcd", "abcdefg", "abcdefghij", "not_good", "é", "😡😡", "ж ", "", "a ")) {
      assertEquals(-1, index.get(miss), miss);
    }
  }

  @Test
  void regionLookupMatchesStringLookup() {
    TermIndex index = new TermIndex(List.of("la", "lay", "late", " fli", "ight "));
    String s = " late flight ";
    assertEquals(2, index.get(s, 1, 5, "late".hashCode(), TermIndex.pack("late")));
    assertEquals(0, index.get(s, 1, 3, "la".hashCode(), TermIndex.pack("la")));
    assertEquals(-1, index.get(s, 1, 4, "lat".hashCode(), TermIndex.pack("lat")));
    assertEquals(4, index.get(s, 8, 13, "ight ".hashCode(), TermIndex.pack("ight ")));
  }

  @Test
  void agreesWithAHashMapOnRandomShortTerms() {
    SplittableRandom rnd = new SplittableRandom(7);
    String alphabet = "ab \u00e9\u0436!";
    List<String> vocab = new ArrayList<>();
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      String t = random(rnd, alphabet);
      if (map.putIfAbsent(t, vocab.size()) == null) {
        vocab.add(t);
      }
    }
    TermIndex index = new TermIndex(vocab);
    for (int i = 0; i < 20000; i++) {
      String q = random(rnd, alphabet);
      assertEquals(map.getOrDefault(q, -1), index.get(q), q);
    }
  }

  private static String random(SplittableRandom rnd, String alphabet) {
    int len = 1 + rnd.nextInt(10);
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < len; k++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
