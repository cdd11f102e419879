package io.crisislab.models.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle verifies itself: reordered keys stay valid; truncation, a missing digest, an old version
 * and a scorer threshold that disagrees are refused. (Every single-field edit, through
 * {@code calibration check}: {@code CalibrationCheckTamperTest} in the jobs module.)
 */
class BundleDigestTest {
  @TempDir
  Path tmp;

  Path bundle() throws IOException {
    String scorer = CalibrationBundleTest.realScorer();
    Files.writeString(tmp.resolve("scorer.json"), scorer);
    Path f = tmp.resolve(CalibrationBundle.FILE_NAME);
    Files.writeString(f, CalibrationBundleTest.sample(Digests.sha256(scorer)).toJson());
    return f;
  }

  @Test
  void reorderedKeysAndOtherLayoutStayValid() throws IOException {
    Path f = bundle();
    JsonNode tree = Json.mapper().readTree(Files.readString(f));
    Files.writeString(f, reversed(tree).toString());
    LoadedBundle lb = BundleLoader.load(f);
    assertEquals(0.5, lb.threshold().orElseThrow());
  }

  private static JsonNode reversed(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = Json.mapper().createObjectNode();
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      Collections.reverse(names);
      names.forEach(k -> out.set(k, reversed(n.get(k))));
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = Json.mapper().createArrayNode();
      n.forEach(e -> out.add(reversed(e)));
      return out;
    }
    return n;
  }

  @Test
  void truncatedBundleIsRefusedAsInvalidJson() throws IOException {
    Path f = bundle();
    String text = Files.readString(f);
    for (int len : List.of(0, 1, text.length() / 3, text.length() / 2, text.length() - 3)) {
      Files.writeString(f, text.substring(0, len));
      DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f), "truncated to " + len);
      assertTrue(e.getMessage().contains("not valid JSON") || e.getMessage().contains("expected a JSON object"),
          e.getMessage());
    }
  }

  @Test
  void versionOneBundleIsRefusedWithARebuildHint() throws IOException {
    Path f = tmp.resolve(CalibrationBundle.FILE_NAME);
    try (InputStream in = getClass().getResourceAsStream("/golden/calibration-v1.json")) {
      Files.write(f, in.readAllBytes());
    }
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("schemaVersion 1 is no longer read") && e.getMessage().contains("calibration build"),
        e.getMessage());
  }

  @Test
  void scorerThresholdMustEqualTheBundleThreshold() throws IOException {
    Path f = bundle();
    String text = Files.readString(f);
    Files.writeString(f, CalibrationBundleTest.resealed(text.replace("\"threshold\" : 0.5", "\"threshold\" : 0.9")));
    DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f));
    assertTrue(e.getMessage().contains("'classifier.threshold' is 0.9") && e.getMessage().contains("0.5"), e.getMessage());
  }

  @Test
  void missingOrMalformedDigestIsRefused() throws IOException {
    Path f = bundle();
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(Files.readString(f));
    Consumer<ObjectNode> write = t -> {
      try {
        Files.writeString(f, t.toString());
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    };
    tree.remove(CalibrationBundle.DIGEST_KEY);
    write.accept(tree);
    assertTrue(assertThrows(DataException.class, () -> BundleLoader.load(f)).getMessage().contains("'bodySha256' missing"));
    tree.put(CalibrationBundle.DIGEST_KEY, "abc");
    write.accept(tree);
    assertTrue(assertThrows(DataException.class, () -> BundleLoader.load(f)).getMessage().contains("'bodySha256'"));
  }

  static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
