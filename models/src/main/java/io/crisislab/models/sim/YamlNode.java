package io.crisislab.models.sim;

import io.crisislab.models.errors.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file, line and key path, so that every validation error of a plan
 * or scenario names where to look ({@code plan.yaml line 14, steps.legal_review.duration: ...}).
 *
 * <p>Read through SnakeYAML's composed node tree (Jackson's tree model drops line numbers). Maps
 * keep key order; accessors consume keys so that {@link #rejectUnknown()} can flag typos.
 */
final class YamlNode {
  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, YamlNode> children;
  private final Set<String> used = new HashSet<>();

  private YamlNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
    if (node instanceof MappingNode m) {
      children = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new UsageException(where(t.getKeyNode(), path) + ": keys must be plain words");
        }
        String key = k.getValue();
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (children.containsKey(key)) {
          throw new UsageException(where(k, childPath) + ": duplicate key");
        }
        children.put(key, new YamlNode(file, childPath, t.getValueNode()));
      }
    } else {
      children = null;
    }
  }

  /** Parses {@code file}; a missing file or broken YAML is a usage error naming the file and line. */
  static YamlNode load(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new UsageException(what + " " + file + ": file not found or not readable");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    } catch (IOException e) {
      throw new UsageException(what + " " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static YamlNode parse(Reader r, String name) {
    try {
      Node root = new Yaml(new LoaderOptions()).compose(r);
      if (root == null) {
        throw new UsageException(name + ": the file is empty");
      }
      return new YamlNode(name, "", root);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new UsageException(name + " line " + line + ": not valid YAML: " + e.getProblem(), e);
    }
  }

  private String where(Node n, String p) {
    return file + " line " + (n.getStartMark().getLine() + 1) + (p.isEmpty() ? "" : ", key " + p);
  }

  /** A usage error located at this node. */
  UsageException error(String message) {
    return new UsageException(where(node, path) + ": " + message);
  }

  /** The file name given when parsing. */
  String file() {
    return file;
  }

  String path() {
    return path;
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  boolean isMap() {
    return children != null;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  boolean has(String key) {
    return children != null && children.containsKey(key);
  }

  /** The keys of a map node (in file order). */
  List<String> keys() {
    requireMap();
    return new ArrayList<>(children.keySet());
  }

  private void requireMap() {
    if (children == null) {
      throw error("expected a mapping of keys to values");
    }
  }

  /** The child at {@code key}; a missing key is an error. */
  YamlNode get(String key) {
    requireMap();
    YamlNode c = children.get(key);
    if (c == null) {
      throw error("missing required key '" + key + "'");
    }
    used.add(key);
    return c;
  }

  /** The child at {@code key}, or null. */
  YamlNode opt(String key) {
    requireMap();
    used.add(key);
    return children.get(key);
  }

  /** Fails on keys nobody asked for: a typo must not silently become a default. */
  void rejectUnknown() {
    requireMap();
    for (Map.Entry<String, YamlNode> e : children.entrySet()) {
      if (!used.contains(e.getKey())) {
        throw e.getValue().error("unknown key (expected one of " + String.join(", ", used) + ")");
      }
    }
  }

  /** Elements of a list node. */
  List<YamlNode> list() {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list");
    }
    List<YamlNode> out = new ArrayList<>();
    int i = 0;
    for (Node n : s.getValue()) {
      out.add(new YamlNode(file, path + "[" + i++ + "]", n));
    }
    return out;
  }

  /** A scalar's text. */
  String text() {
    if (!(node instanceof ScalarNode s)) {
      throw error("expected a single value");
    }
    return s.getValue();
  }

  double number() {
    String t = text().trim();
    try {
      double v = Double.parseDouble(t.replace("_", ""));
      if (!Double.isFinite(v)) {
        throw error("expected a finite number, got '" + t + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + t + "'");
    }
  }

  double nonNegative() {
    double v = number();
    if (v < 0) {
      throw error("must not be negative, got " + text());
    }
    return v;
  }

  double positive() {
    double v = number();
    if (v <= 0) {
      throw error("must be greater than 0, got " + text());
    }
    return v;
  }

  int integer(int min) {
    double v = number();
    if (v != Math.rint(v) || v < min || v > Integer.MAX_VALUE) {
      throw error("expected a whole number >= " + min + ", got " + text());
    }
    return (int) v;
  }

  double probability() {
    double v = number();
    if (v < 0 || v > 1) {
      throw error("expected a probability in [0, 1], got " + text());
    }
    return v;
  }

  boolean bool() {
    String t = text().trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("expected true or false, got '" + text() + "'");
    };
  }

  /** A list of scalars, or a single scalar as a one-element list. */
  List<String> texts() {
    if (isScalar()) {
      return List.of(text());
    }
    List<String> out = new ArrayList<>();
    for (YamlNode n : list()) {
      out.add(n.text());
    }
    return out;
  }
}
