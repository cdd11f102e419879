package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Html;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three outputs being built together, so every figure shown to people ({@code index.html},
 * {@code postmortem.md}) is also written for machines ({@code summary.json}) from the same value.
 */
public final class Report {
  final Html html = new Html();
  final StringBuilder md = new StringBuilder();
  final Map<String, Object> summary = new LinkedHashMap<>();
  final List<String> warnings = new ArrayList<>();
  /** Simulation summaries and comparisons seen, for the post-mortem's "what to change". */
  final List<Map<String, Object>> simulations = new ArrayList<>();
  final List<Map<String, Object>> comparisons = new ArrayList<>();
  /** Replayed incidents (series, window, first alert, lead time), for the post-mortem. */
  final List<Map<String, Object>> incidents = new ArrayList<>();
  /** The (last) classifier's headline figures, for the post-mortem. */
  Map<String, Object> classifier;

  /** The summary entry for a section, created on first use. */
  @SuppressWarnings("unchecked")
  Map<String, Object> summarySection(String key) {
    return (Map<String, Object>) summary.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }

  /** A warning shown at the top of the page and in summary.json (e.g. a run whose files are missing). */
  void warn(String message) {
    warnings.add(message);
  }

  /** Markdown-escapes text that goes into postmortem.md (tables and emphasis characters, raw HTML). */
  static String mdEsc(Object value) {
    if (value == null) {
      return "";
    }
    return value.toString().replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
        .replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
  }

  /**
   * Flattens the scalar leaves of a JSON tree into {@code a.b.c -> value} (arrays by index), at most
   * {@code limit} entries; used to show a job's headline figures without knowing its file format.
   */
  static Map<String, Object> scalars(JsonNode node, int limit) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", node, out, limit);
    return out;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, Object> out, int limit) {
    if (out.size() >= limit || n == null) {
      return;
    }
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, limit);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size() && i < 20; i++) {
        flatten(prefix + "[" + i + "]", n.get(i), out, limit);
      }
    } else if (n.isNumber()) {
      out.put(prefix, n.isIntegralNumber() ? (Object) n.longValue() : (Object) n.doubleValue());
    } else if (!n.isNull()) {
      out.put(prefix, n.asText());
    }
  }

  /** Returns the first present child among several candidate names (formats use camelCase or snake_case). */
  static JsonNode field(JsonNode n, String... names) {
    if (n == null) {
      return null;
    }
    for (String name : names) {
      JsonNode v = n.get(name);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  /** A numeric child or null. */
  static Double number(JsonNode n, String... names) {
    JsonNode v = field(n, names);
    return v != null && v.isNumber() ? v.doubleValue() : null;
  }

  /** A text child or null. */
  static String text(JsonNode n, String... names) {
    JsonNode v = field(n, names);
    return v != null && !v.isContainerNode() ? v.asText() : null;
  }

  /** Children of an object whose values are all numbers, as name → value (for bar charts). */
  static Map<String, Double> numberMap(JsonNode n) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (n == null || !n.isObject()) {
      return m;
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        m.put(e.getKey(), e.getValue().doubleValue());
      }
    }
    return m;
  }
}
