package io.crisislab.models.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PostValidatorTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  final PostValidator v = new PostValidator(PostValidator.LabelMap.byName(true), true, 50, NOW, "s");

  RawPost good() {
    RawPost r = new RawPost();
    r.id = "1";
    r.text = "hello";
    r.createdAt = "2015-02-24 11:35:52 -0800";
    r.label = "Negative";
    r.negativeReason = "Late Flight";
    r.author = "@Bob";
    r.brand = "Virgin America";
    r.channel = "mention";
    r.labelConfidence = "0.5";
    r.shares = "3";
    return r;
  }

  RejectReason reason(Consumer<RawPost> change) {
    RawPost r = good();
    change.accept(r);
    return v.validate(r).reason();
  }

  @Test
  void acceptsAndConverts() {
    Post p = v.validate(good()).post();
    assertEquals("1", p.postId());
    assertEquals(Label.NEGATIVE, p.label());
    assertEquals("virgin-america", p.brand());
    assertEquals("2015-02-24", p.day());
    assertEquals(AuthorKeys.key("s", "bob"), p.authorKey());
    assertEquals(0.5, p.labelConfidence());
    assertEquals(3L, p.shares());
    assertEquals("Late Flight", p.negativeReason());
    assertEquals("virgin-america/mention", p.seriesId());
  }

  @Test
  void eachRuleHasItsReason() {
    assertEquals(RejectReason.MISSING_ID, reason(r -> r.id = " "));
    assertEquals(RejectReason.MISSING_TEXT, reason(r -> r.text = "\t"));
    assertEquals(RejectReason.TEXT_TOO_LONG, reason(r -> r.text = "x".repeat(51)));
    assertEquals(RejectReason.UNKNOWN_LABEL, reason(r -> r.label = "angry"));
    assertEquals(RejectReason.UNKNOWN_LABEL, reason(r -> r.label = ""));
    assertEquals(RejectReason.INVALID_NUMBER, reason(r -> r.labelConfidence = "1.5"));
    assertEquals(RejectReason.INVALID_NUMBER, reason(r -> r.shares = "-1"));
    assertEquals(RejectReason.UNPARSEABLE_TIMESTAMP, reason(r -> r.createdAt = "soon"));
    assertEquals(RejectReason.UNPARSEABLE_TIMESTAMP, reason(r -> r.createdAt = null));
    assertEquals(RejectReason.TIMESTAMP_BEFORE_2006, reason(r -> r.createdAt = "2005-12-31T23:59:59Z"));
    assertEquals(RejectReason.TIMESTAMP_IN_FUTURE, reason(r -> r.createdAt = "2026-01-01T00:00:01Z"));
    assertNull(reason(r -> r.createdAt = "2026-01-01T00:00:00Z"));
  }

  @Test
  void unlabelledValuesAndReasonOnlyForNegatives() {
    PostValidator sanders = new PostValidator(new PostValidator.LabelMap(
        Map.of("positive", Label.POSITIVE, "negative", Label.NEGATIVE), Set.of("irrelevant"), true), false, 50, NOW, "s");
    RawPost r = good();
    r.label = "Irrelevant";
    assertNull(sanders.validate(r).post().label());
    assertNull(sanders.validate(r).post().negativeReason());
    r.label = "positive";
    assertNull(sanders.validate(r).post().negativeReason(), "a positive post has no negative reason");
  }

  @Test
  void authorKeysAreSaltedAndNormalised() {
    assertEquals(AuthorKeys.key("a", "@Foo"), AuthorKeys.key("a", "foo"));
    assertNotEquals(AuthorKeys.key("a", "foo"), AuthorKeys.key("b", "foo"));
    assertEquals(64, AuthorKeys.key("a", "foo").length());
    assertNull(AuthorKeys.key("a", " @ "));
  }

  @Test
  void slugs() {
    assertEquals("us-airways", Post.slug("US Airways"));
    assertEquals("2013-boston-bombings", Post.slug("2013_Boston_bombings"));
    assertNull(Post.slug("  "));
  }
}
