package io.crisislab.models.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SocialTextNormalizerTest {
  @Test
  void replacesUrlsAndHandlesAndSplitsHashtags() {
    assertEquals(List.of("@user", "flight", "delayed", "again", "<url>"),
        SocialTextNormalizer.tokens("@united Flight #DelayedAgain http://t.co/xyz"));
    assertEquals(List.of("flight", "delay", "<url>"), SocialTextNormalizer.tokens("#flight_delay www.example.com/a"));
    assertEquals(List.of("abc", "news", "2", "day"), SocialTextNormalizer.tokens("#ABCNews #2day"));
  }

  @Test
  void marksNegationScopeUntilPunctuation() {
    assertEquals(List.of("this", "is", "not", "not_good", "not_at", "not_all", "!", "love", "it", "<allcaps>"),
        SocialTextNormalizer.tokens("This is NOT good at all! Love it"));
    List<String> t = SocialTextNormalizer.tokens("I don't like, it but ok");
    assertEquals(List.of("i", "don't", "not_like", "it", "but", "ok"), t);
    assertEquals(List.of("never", "not_again", "but", "fine"), SocialTextNormalizer.tokens("never again but fine"));
  }

  @Test
  void shortensElongationsAndFlagsCapsAndKeepsEmoticonsAndEmoji() {
    assertEquals(List.of("soo", "good", "<smile>", "<elong>"), SocialTextNormalizer.tokens("sooooo good :)"));
    assertEquals(List.of("worst", "airline", "<sad>", "<allcaps>"), SocialTextNormalizer.tokens("WORST airline :-("));
    assertEquals(List.of("thanks", "\uD83D\uDE21", "<heart>"), SocialTextNormalizer.tokens("thanks \uD83D\uDE21\uFE0F <3"));
    assertEquals(List.of("xda", "?", "<allcaps>"), SocialTextNormalizer.tokens("XDA??"));
  }

  @Test
  void decodesLiteralEscapesAndEntitiesAndHandlesEmptyText() {
    assertEquals(List.of("don't", "not_go"), SocialTextNormalizer.tokens("don\\u2019t go"));
    assertEquals(List.of("a", "b"), SocialTextNormalizer.tokens("a &amp; b"));
    assertTrue(SocialTextNormalizer.tokens(null).isEmpty());
    assertTrue(SocialTextNormalizer.tokens("  ... ").isEmpty());
    assertEquals("", SocialTextNormalizer.normalize("...").plain());
  }

  @Test
  void plainTextHasNoNegationMarksAndCharNgramsArePadded() {
    SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize("not good");
    assertEquals("not good", n.plain());
    assertEquals(List.of("not", "not_good"), n.tokens());
    List<String> grams = TextFeatures.charNgrams("ab", 2, 3);
    assertEquals(List.of(" a", "ab", "b ", " ab", "ab "), grams);
    assertEquals(List.of("a", "b", "c", "a b", "b c"), TextFeatures.wordNgrams(List.of("a", "b", "c"), 1, 2));
    assertFalse(TextFeatures.charNgrams("\uD83D\uDE21x", 2, 2).stream().anyMatch(g -> g.length() == 1));
  }
}
