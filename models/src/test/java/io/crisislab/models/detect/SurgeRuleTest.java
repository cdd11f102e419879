package io.crisislab.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurgeRuleTest {
  static SurgeRule rule(String brand, String channel, String series, double threshold) {
    return new SurgeRule(brand, channel, series, 300, "rolling-z", Map.of("window", 288), threshold, null, null, null,
        null, List.of(), null, null);
  }

  static final SurgeRule EXACT = rule("acme", "twitter", "negative_count", 1);
  static final SurgeRule BRAND = rule("acme", "*", "negative_count", 2);
  static final SurgeRule CHANNEL = rule("*", "twitter", "negative_count", 3);
  static final SurgeRule DEFAULT = rule("*", "*", "negative_count", 4);
  static final SurgeRule COUNT = rule("*", "*", "count", 5);

  @Test
  void lookupGoesExactThenBrandThenChannelThenDefaultWhateverTheListOrder() {
    // the default first in the list: order of the list must not beat specificity
    List<SurgeRule> rules = List.of(DEFAULT, COUNT, CHANNEL, BRAND, EXACT);
    assertEquals(EXACT, SurgeRule.find(rules, "acme", "twitter", "negative_count").orElseThrow());
    assertEquals(BRAND, SurgeRule.find(rules, "acme", "web", "negative_count").orElseThrow());
    assertEquals(CHANNEL, SurgeRule.find(rules, "bolt", "twitter", "negative_count").orElseThrow());
    assertEquals(DEFAULT, SurgeRule.find(rules, "bolt", "web", "negative_count").orElseThrow());
    // a CSV series has no brand or channel: only the default scope applies
    assertEquals(DEFAULT, SurgeRule.find(rules, null, null, "negative_count").orElseThrow());
  }

  @Test
  void lookupIsFilteredByTheMeasure() {
    List<SurgeRule> rules = List.of(EXACT, BRAND, COUNT);
    // the exact scope watches negative_count, so a count series of acme/twitter takes the count default
    assertEquals(COUNT, SurgeRule.find(rules, "acme", "twitter", "count").orElseThrow());
    assertTrue(SurgeRule.find(rules, "acme", "twitter", "expected_negative").isEmpty());
    assertTrue(SurgeRule.find(List.of(EXACT), "bolt", "twitter", "negative_count").isEmpty());
    // null measure: any
    assertEquals(EXACT, SurgeRule.find(rules, "acme", "twitter", null).orElseThrow());
  }

  @Test
  void measureNamesMapFromTheCommandLineNames() {
    assertEquals("count", SurgeRule.measureOf("count"));
    assertEquals("negative_count", SurgeRule.measureOf("negative"));
    assertEquals("expected_negative", SurgeRule.measureOf("expected-negative"));
    assertTrue(SurgeRule.MEASURES.containsAll(List.of(SurgeRule.measureOf("count"), SurgeRule.measureOf("negative"),
        SurgeRule.measureOf("expected-negative"))));
    assertThrows(UsageException.class, () -> SurgeRule.measureOf("auto"));
  }

  @Test
  void specRoundTripsThroughTheParameterMapAndJson() throws Exception {
    DetectorSpec spec = new DetectorSpec("ewma", Map.of("alpha", 0.1, "minSd", 3.0), 2.5, 2, 3, 12);
    SurgeRule r = SurgeRule.untuned("count", 600, spec);
    assertEquals(spec, r.spec());
    assertEquals("*/*", r.scope());
    assertEquals(12, r.parameters().get("cooldownBuckets"));
    SurgeRule back = Json.mapper().readValue(Json.write(r), SurgeRule.class);
    assertEquals(spec, back.spec());
    assertEquals(600, back.bucketSeconds());
  }

  @Test
  void specNamesABadParameter() {
    SurgeRule bad = new SurgeRule("*", "*", "count", 300, "ewma", Map.of("alpha", "fast"), 1, null, null, null, null,
        null, null, null);
    UsageException e = assertThrows(UsageException.class, bad::spec);
    assertTrue(e.getMessage().contains("'alpha'") && e.getMessage().contains("fast"), e.getMessage());
  }
}
