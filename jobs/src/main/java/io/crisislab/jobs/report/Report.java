package io.crisislab.jobs.report;

import io.crisislab.jobs.run.RunInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Html;
import io.crisislab.models.json.Json;
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

  /** Repairs the jobs made to their input data (replay's series warnings), shown as one "data notes" block. */
  final List<String> dataNotes = new ArrayList<>();

  /**
   * The summary.json entry for one run of {@code job}: a new object in the list {@code jobs.<job>},
   * starting with its {@code runId}. See data/schemas/summary.md.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> jobRun(String job, RunInfo ri) {
    Map<String, Object> jobs = (Map<String, Object>) summary.computeIfAbsent("jobs", k -> new LinkedHashMap<String, Object>());
    List<Object> list = (List<Object>) jobs.computeIfAbsent(job, k -> new ArrayList<Object>());
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("runId", ri.runId());
    list.add(run);
    return run;
  }

  /**
   * The summary tree as written: whole-valued doubles become integers (counts read from JSON files
   * arrive as doubles; a count is an integer), NaN and infinities become null (JSON has neither),
   * {@code Estimate}s become {@code {value, ci95Low, ci95High}} objects.
   */
  static Object tidy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), tidy(x)));
      return out;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(x -> out.add(tidy(x)));
      return out;
    }
    if (v instanceof double[] a) {
      List<Object> out = new ArrayList<>();
      for (double x : a) {
        out.add(tidy(x));
      }
      return out;
    }
    if (v instanceof double[][] a) {
      List<Object> out = new ArrayList<>();
      for (double[] x : a) {
        out.add(tidy(x));
      }
      return out;
    }
    if (v instanceof io.crisislab.models.stats.Stats.Estimate e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("value", tidy(e.value()));
      out.put("ci95Low", tidy(e.ci95Low()));
      out.put("ci95High", tidy(e.ci95High()));
      return out;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
    }
    return v;
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
   * A record's components as a map in component order (nested records become maps, written the
   * same), the one way a typed figure joins {@code summary.json}: its keys are the record's names.
   */
  static Map<String, Object> fields(Object record) {
    return Json.mapper().convertValue(record, new TypeReference<LinkedHashMap<String, Object>>() {});
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
