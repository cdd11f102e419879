package io.crisislab.models.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.crisislab.models.bundle.CalibrationBundle.Checksum;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.bundle.CalibrationBundle.Provenance;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.bundle.CalibrationBundle.RunRef;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationBundleTest {
  static final String SCORER_TEXT = "{\"format\":\"test-scorer\"}\n";

  @TempDir
  Path tmp;

  static CalibrationBundle sample() {
    return sample(Digests.sha256(SCORER_TEXT));
  }

  /** The exported scorer of the train job's golden file: a real scorer the loader can build. */
  static String realScorer() throws IOException {
    try (InputStream in = CalibrationBundleTest.class.getResourceAsStream("/golden/scorer-v1.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static CalibrationBundle sample(String scorerSha) {
    return new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, "2026-11-25T23:00:00Z",
        new Provenance("0.1.0", "0123456789ab",
            List.of(new RunRef("train", "20261125T220000Z-aaaa1111", "a1".repeat(32)),
                new RunRef("tune", "20261125T221000Z-bbbb2222", "b2".repeat(32))),
            List.of(new Checksum("runs/generate/posts", 123456, "c3".repeat(32)))),
        new Classifier("scorer.json", scorerSha, 0.5, "target-precision 0.80", "isotonic",
            Map.of("aucRoc", 0.93, "ece", 0.021)),
        List.of(new SurgeRule("*", "*", "negative_count", 3600, "count-tail",
                Map.of("slotSeconds", 3600, "cooldownBuckets", 12), 0.999, "nab-standard", 61.5, 0.4, 95.0,
                List.of("acme/twitter", "acme/web"), 0.5, 12.0),
            new SurgeRule("acme", "twitter", "negative_count", 3600, "ewma",
                Map.of("alpha", 0.1, "minSd", 3.0), 3.0, "nab-standard", 58.0, 0.8, 60.0, List.of(), null, null)),
        new ResponseTargets("example.yaml", "saturday-night.yaml",
            List.of(new MilestoneTarget("holding_statement", 240.0, 150.5, 410.0, 0.31)),
            List.of("legal review holds the critical path 42% of the time")), null).sealed();
  }

  private Path writeBundle(CalibrationBundle b) throws IOException {
    Files.writeString(tmp.resolve("scorer.json"), realScorer());
    Path f = tmp.resolve(CalibrationBundle.FILE_NAME);
    Files.writeString(f, b.toJson());
    return f;
  }

  static String golden() throws IOException {
    return golden(CalibrationBundle.SCHEMA_VERSION);
  }

  static String golden(int version) throws IOException {
    try (InputStream in = CalibrationBundleTest.class.getResourceAsStream("/golden/calibration-v" + version + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void matchesGoldenFileForSchemaVersion3() throws IOException {
    assertEquals(golden(), sample().toJson(),
        "calibration.json format changed: bump CalibrationBundle.SCHEMA_VERSION, the schema and add a golden file");
    assertEquals(sample(), Json.mapper().readValue(golden(), CalibrationBundle.class));
    assertEquals(3, CalibrationBundle.SCHEMA_VERSION);
  }

  @Test
  void versionTwoBundleIsRefusedWithARebuildHintAndFailsTheSchema() throws IOException {
    Path f = tmp.resolve(CalibrationBundle.FILE_NAME);
    Files.writeString(f, golden(2));
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("schemaVersion 2 is no longer read") && e.getMessage().contains("volume range")
        && e.getMessage().contains("calibration build") && !e.getMessage().contains("\n"), e.getMessage());
    assertFalse(schema().validate(Json.mapper().readTree(golden(2))).isEmpty());
  }

  static JsonSchema schema() throws IOException {
    Path schemaFile = Path.of(System.getProperty("crisislab.home", ".."), "data/schemas/calibration.schema.json");
    SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(Files.readString(schemaFile), cfg);
  }

  @Test
  void goldenFileValidatesAgainstTheJsonSchema() throws IOException {
    Set<ValidationMessage> errors = schema().validate(Json.mapper().readTree(golden()));
    assertTrue(errors.isEmpty(), errors.toString());
    // an empty bundle (no classifier, no rules, no targets) is valid too
    CalibrationBundle empty = new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, "2026-11-25T23:00:00Z",
        new Provenance(null, null, null, null), null, null, null, null).sealed();
    assertTrue(schema().validate(Json.mapper().readTree(empty.toJson())).isEmpty());
  }

  @Test
  void schemaRejectsWhatTheLoaderRejects() throws IOException {
    JsonSchema s = schema();
    String g = golden();
    assertFalse(s.validate(Json.mapper().readTree(g.replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 4"))).isEmpty());
    assertFalse(s.validate(Json.mapper().readTree(g.replace("\"threshold\" : 0.5", "\"threshold\" : 1.5"))).isEmpty());
    assertFalse(s.validate(Json.mapper().readTree(g.replaceFirst("\\{", "{\"bogus\": 1,"))).isEmpty());
    JsonNode noSha = Json.mapper().readTree(g.replace(Digests.sha256(SCORER_TEXT), "abc"));
    assertFalse(s.validate(noSha).isEmpty());
  }

  /** A cascade scorer's band is stated in the bundle and must agree with the scorer file, like the threshold. */
  @Test
  void loaderChecksTheCascadeMarginAgainstTheScorer() throws IOException {
    String v3;
    try (InputStream in = CalibrationBundleTest.class.getResourceAsStream("/golden/scorer-v3.json")) {
      v3 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path scorer = Files.writeString(tmp.resolve("scorer.json"), v3);
    CalibrationBundle base = sample(Digests.sha256(scorer));
    Classifier c = base.classifier();
    for (Double margin : java.util.Arrays.asList(0.23, 0.3, null)) {
      CalibrationBundle b = new CalibrationBundle(base.schemaVersion(), base.createdAt(), base.provenance(),
          new Classifier(c.scorerFile(), c.scorerSha256(), 0.4, c.thresholdRule(), "platt", c.metrics(), margin),
          base.surgeRules(), base.responseTargets(), null).sealed();
      Path f = Files.writeString(tmp.resolve(CalibrationBundle.FILE_NAME), b.toJson());
      assertTrue(schema().validate(Json.mapper().readTree(b.toJson())).isEmpty());
      if (Double.valueOf(0.23).equals(margin)) {
        assertEquals(0.23, BundleLoader.load(f).scorer().orElseThrow().file().cascade().margin());
      } else {
        DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
        assertTrue(e.getMessage().contains("classifier.cascadeMargin"), e.getMessage());
      }
    }
  }

  @Test
  void loaderChecksChecksumAndFindsRules() throws IOException {
    Path f = writeBundle(sample(Digests.sha256(realScorer())));
    LoadedBundle lb = BundleLoader.load(f);
    assertEquals(sample(Digests.sha256(realScorer())), lb.bundle());
    // the ready scorer is the exported one: same p_negative as loading the file directly
    var direct = io.crisislab.models.scorer.NegativityScorer.load(tmp.resolve("scorer.json"));
    for (String text : List.of("@acme worst delay ever, not happy :(", "thanks @acme, great crew!", "")) {
      assertEquals(direct.pNegative(text), lb.scorer().orElseThrow().pNegative(text));
    }
    assertEquals(0.5, lb.threshold().orElseThrow());
    assertEquals(tmp.resolve("scorer.json").toAbsolutePath().normalize(), lb.scorerFile().orElseThrow());
    assertEquals("ewma", lb.ruleFor("acme", "twitter", "negative_count").orElseThrow().detector());
    assertEquals("count-tail", lb.ruleFor("acme", "facebook", "negative_count").orElseThrow().detector());
    assertEquals("count-tail", lb.ruleFor("unknown", "twitter", null).orElseThrow().detector());
    assertTrue(lb.ruleFor("acme", "twitter", "count").isEmpty());
    // the ready detector is the rule's spec: same detector, parameters and policy
    var rule = lb.newRule("acme", "twitter", "negative_count").orElseThrow();
    assertEquals("ewma", rule.detector().name());
    assertEquals(3.0, rule.policy().threshold());
    assertEquals(12, lb.ruleFor("x", "y", "negative_count").orElseThrow().spec().cooldownBuckets());

    Files.writeString(tmp.resolve("scorer.json"), realScorer() + " ");
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("classifier.scorerFile") && e.getMessage().contains("SHA-256"), e.getMessage());
    Files.delete(tmp.resolve("scorer.json"));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void loaderRefusesAScorerFileItCannotBuild() throws IOException {
    Files.writeString(tmp.resolve("scorer.json"), SCORER_TEXT);
    Path f = tmp.resolve(CalibrationBundle.FILE_NAME);
    Files.writeString(f, sample().toJson());
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("not a usable scorer"), e.getMessage());
  }

  /** The JSON text with its self-digest recomputed: what a careful tamperer (or a rebuild) would write. */
  static String resealed(String json) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json);
    tree.put(CalibrationBundle.DIGEST_KEY, CalibrationBundle.bodyDigest(tree));
    return Json.mapper().writeValueAsString(tree);
  }

  @Test
  void loaderRefusesOtherVersionsUnknownKeysAndBadValues() throws IOException {
    Path f = writeBundle(sample(Digests.sha256(realScorer())));
    String text = Files.readString(f);
    Files.writeString(f, resealed(text.replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 4").replaceFirst("\\{", "{\"newField\": 1,")));
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("schemaVersion 4"), e.getMessage());

    Files.writeString(f, resealed(text.replaceFirst("\\{", "{\"bogus\": 1,")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("bogus"), e.getMessage());

    Files.writeString(f, resealed(text.replace("\"threshold\" : 0.5", "\"threshold\" : 1.5")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("'classifier.threshold'"), e.getMessage());

    Files.writeString(f, resealed(text.replace("\"brand\" : \"acme\"", "\"brand\" : \"*\"").replace("\"channel\" : \"twitter\"", "\"channel\" : \"*\"")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("surgeRules[1]"), e.getMessage());

    Files.writeString(f, resealed(text.replace("\"ewma\"", "\"no-such-detector\"")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("surgeRules[1]") && e.getMessage().contains("no-such-detector"), e.getMessage());

    Files.writeString(f, resealed(text.replace("\"negative_count\"", "\"negative_share\"")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("surgeRules[0].series"), e.getMessage());

    Files.writeString(f, resealed(text.replace("\"maxMeanCountPerBucket\" : 12.0", "\"maxMeanCountPerBucket\" : 0.25")));
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("surgeRules[0].maxMeanCountPerBucket"), e.getMessage());

    Files.writeString(f, "not json");
    e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }
}
