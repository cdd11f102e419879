package io.crisislab.models.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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

/** The bundle verifies itself: every single-field edit fails, reordered keys do not, old versions are refused. */
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

  /** Paths (as JSON pointers) of every value leaf in {@code n}. */
  static List<String> leaves(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(k -> out.addAll(leaves(n.get(k), at + "/" + k)));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.addAll(leaves(n.get(i), at + "/" + i));
      }
    } else {
      out.add(at);
    }
    return out;
  }

  /** Changes the leaf at {@code pointer} to a different value of the same kind where possible. */
  static void edit(JsonNode root, String pointer) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String key = pointer.substring(cut + 1);
    JsonNode old = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
    JsonNode changed;
    if (old.isTextual()) {
      String t = old.asText();
      changed = TextNode.valueOf(t.matches("[0-9a-f]{64}") ? (t.charAt(0) == 'a' ? "b" : "a") + t.substring(1) : t + "x");
    } else if (old.isIntegralNumber()) {
      changed = Json.mapper().getNodeFactory().numberNode(old.longValue() + 1);
    } else if (old.isNumber()) {
      changed = Json.mapper().getNodeFactory().numberNode(old.doubleValue() / 2 + 0.001);
    } else if (old.isBoolean()) {
      changed = Json.mapper().getNodeFactory().booleanNode(!old.booleanValue());
    } else {
      changed = TextNode.valueOf("x");
    }
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(key), changed);
    } else {
      ((ObjectNode) parent).set(key, changed);
    }
  }

  @Test
  void everySingleFieldEditIsRefusedNamingTheDigestOrTheField() throws IOException {
    Path f = bundle();
    String original = Files.readString(f);
    BundleLoader.load(f);
    List<String> leaves = leaves(Json.mapper().readTree(original), "");
    assertTrue(leaves.size() > 40, "the sample bundle covers every section: " + leaves.size());
    for (String leaf : leaves) {
      JsonNode tree = Json.mapper().readTree(original);
      edit(tree, leaf);
      Files.writeString(f, Json.mapper().writeValueAsString(tree));
      DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f), "edit of " + leaf + " was accepted");
      String key = leaf.substring(1).replace('/', '.');
      assertTrue(e.getMessage().contains(CalibrationBundle.DIGEST_KEY) || e.getMessage().contains(key)
          || e.getMessage().contains("schemaVersion"), leaf + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("Exception"), e.getMessage());
    }
  }

  @Test
  void everySingleFieldEditOfTheScorerIsRefusedNamingItsDigest() throws IOException {
    Path f = bundle();
    Path scorer = tmp.resolve("scorer.json");
    String original = Files.readString(scorer);
    List<String> leaves = leaves(Json.mapper().readTree(original), "");
    assertTrue(leaves.size() > 3);
    for (String leaf : leaves) {
      JsonNode tree = Json.mapper().readTree(original);
      edit(tree, leaf);
      Files.writeString(scorer, Json.mapper().writeValueAsString(tree));
      DataException e = assertThrows(DataException.class, () -> BundleLoader.load(f), "scorer edit of " + leaf);
      assertTrue(e.getMessage().contains("classifier.scorerFile") && e.getMessage().contains("SHA-256"), e.getMessage());
    }
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
