package io.crisislab.jobs.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.CalibrationBundle.Checksum;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.bundle.CalibrationBundle.Provenance;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.bundle.CalibrationBundle.RunRef;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show: any single-field edit to {@code calibration.json} or {@code scorer.json} makes
 * {@code crisislab calibration check} exit 1 with one line naming the digest or the field. Every
 * value leaf of both files is edited in turn, programmatically. No Spark.
 */
class CalibrationCheckTamperTest {
  @TempDir
  Path tmp;

  record Out(int code, String out, String err) {}

  static Out check(Path bundle) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(err, true), "calibration", "check",
        bundle.toString());
    return new Out(code, out.toString(), err.toString());
  }

  Path bundle() throws IOException {
    Path scorer = Files.copy(Path.of(System.getProperty("crisislab.home", ".."),
        "models/src/test/resources/golden/scorer-v1.json"), tmp.resolve("scorer.json"));
    CalibrationBundle b = new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, "2026-11-25T23:00:00Z",
        new Provenance("0.1.0", "0123456789ab", List.of(new RunRef("train", "20261125T220000Z-aaaa1111", "a1".repeat(32))),
            List.of(new Checksum("runs/generate/posts", 123456, "c3".repeat(32)))),
        new Classifier("scorer.json", Digests.sha256(scorer), 0.5, "target-precision 0.80", "isotonic",
            Map.of("aucRoc", 0.93, "ece", 0.021)),
        List.of(new SurgeRule("*", "*", "negative_count", 3600, "count-tail",
            Map.of("slotSeconds", 3600, "cooldownBuckets", 12), 0.999, "nab-standard", 61.5, 0.4, 95.0,
            List.of("acme/twitter"), 0.5, 12.0)),
        new ResponseTargets("example.yaml", "saturday-night.yaml",
            List.of(new MilestoneTarget("holding_statement", 240.0, 150.5, 410.0, 0.31)), List.of("legal review")),
        null).sealed();
    return Files.writeString(tmp.resolve(CalibrationBundle.FILE_NAME), b.toJson());
  }

  static List<String> leaves(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    if (n.isContainerNode()) {
      if (n.isObject()) {
        n.fieldNames().forEachRemaining(k -> out.addAll(leaves(n.get(k), at + "/" + k)));
      } else {
        for (int i = 0; i < n.size(); i++) {
          out.addAll(leaves(n.get(i), at + "/" + i));
        }
      }
    } else {
      out.add(at);
    }
    return out;
  }

  static String edited(String json, String pointer) throws IOException {
    JsonNode root = Json.mapper().readTree(json);
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String key = pointer.substring(cut + 1);
    JsonNode old = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
    JsonNode v = old.isTextual() ? TextNode.valueOf(old.asText().isEmpty() ? "x" : (old.asText().charAt(0) == 'a' ? "b" : "a")
        + old.asText().substring(1))
        : old.isIntegralNumber() ? Json.mapper().getNodeFactory().numberNode(old.longValue() + 1)
        : old.isNumber() ? Json.mapper().getNodeFactory().numberNode(old.doubleValue() + 0.125)
        : old.isBoolean() ? Json.mapper().getNodeFactory().booleanNode(!old.booleanValue())
        : TextNode.valueOf("x");
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(key), v);
    } else {
      ((ObjectNode) parent).set(key, v);
    }
    return Json.mapper().writeValueAsString(root);
  }

  static void assertRefused(Out r, String what, String... names) {
    assertEquals(1, r.code(), what + ": " + r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    boolean named = false;
    for (String n : names) {
      named |= r.err().contains(n);
    }
    assertTrue(named, what + ": names none of " + List.of(names) + ": " + r.err());
  }

  @Test
  void everySingleFieldEditOfTheBundleFailsCheckWithExit1() throws IOException {
    Path b = bundle();
    String original = Files.readString(b);
    assertEquals(0, check(b).code(), check(b).err());
    List<String> leaves = leaves(Json.mapper().readTree(original), "");
    assertTrue(leaves.size() >= 35, leaves.toString());
    for (String leaf : leaves) {
      Files.writeString(b, edited(original, leaf));
      assertRefused(check(b), leaf, CalibrationBundle.DIGEST_KEY, leaf.substring(1).replace('/', '.'), "schemaVersion");
    }
    Files.writeString(b, original);
    assertEquals(0, check(b).code());
  }

  @Test
  void everySingleFieldEditOfTheScorerFailsCheckWithExit1() throws IOException {
    Path b = bundle();
    Path scorer = tmp.resolve("scorer.json");
    String original = Files.readString(scorer);
    List<String> leaves = leaves(Json.mapper().readTree(original), "");
    assertTrue(leaves.size() >= 5, leaves.toString());
    for (String leaf : leaves) {
      Files.writeString(scorer, edited(original, leaf));
      assertRefused(check(b), "scorer.json " + leaf, "scorerSha256", "SHA-256");
    }
  }
}
