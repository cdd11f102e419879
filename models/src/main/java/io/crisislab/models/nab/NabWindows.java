package io.crisislab.models.nab;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incident windows in NAB's JSON form: {@code {"<relative/path/file.csv>": [["start", "end"], ...]}}
 * with timestamps as in {@link Timestamps}. Keys are kept as written; {@link #lookup} matches a
 * series id exactly ({@code acme/twitter}) or by file name, the part after the last {@code /}
 * ({@code realTweets/Twitter_volume_AAPL.csv} labels series {@code Twitter_volume_AAPL.csv}).
 * Windows are sorted; overlapping windows are an error.
 */
public final class NabWindows {
  private NabWindows() {}

  /** Series id (file name) of a NAB key. */
  public static String seriesKey(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }

  /** The key of {@code windows} that labels series {@code seriesId}, or null. */
  public static String keyFor(Map<String, List<Window>> windows, String seriesId) {
    if (windows.containsKey(seriesId)) {
      return seriesId;
    }
    String found = null;
    for (String k : windows.keySet()) {
      if (seriesKey(k).equals(seriesId)) {
        if (found != null) {
          throw new DataException("windows keys '" + found + "' and '" + k + "' both match series '" + seriesId + "'");
        }
        found = k;
      }
    }
    return found;
  }

  /** The windows of series {@code seriesId} (see {@link #keyFor}), or null when it has none. */
  public static List<Window> lookup(Map<String, List<Window>> windows, String seriesId) {
    String k = keyFor(windows, seriesId);
    return k == null ? null : windows.get(k);
  }

  /** Reads a windows file: key as written → sorted, non-overlapping windows. */
  public static Map<String, List<Window>> read(Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new io.crisislab.models.errors.UsageException("--windows " + file + ": no such file");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + String.valueOf(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
          : e.getMessage()).lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.isObject()) {
      throw new DataException(file + ": expected an object {\"file.csv\": [[start, end], ...]}");
    }
    Map<String, List<Window>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (!e.getValue().isArray()) {
        throw new DataException(file + ": '" + e.getKey() + "' must be a list of [start, end] pairs");
      }
      List<Window> ws = new ArrayList<>();
      int i = 0;
      for (JsonNode pair : e.getValue()) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new DataException(file + ": '" + e.getKey() + "' window " + i + " must be [start, end]");
        }
        Long s = Timestamps.tryParse(pair.get(0).asText());
        Long t = Timestamps.tryParse(pair.get(1).asText());
        if (s == null || t == null) {
          throw new DataException(file + ": '" + e.getKey() + "' window " + i + " has a bad timestamp: " + pair);
        }
        if (t < s) {
          throw new DataException(file + ": '" + e.getKey() + "' window " + i + " ends before it starts: " + pair);
        }
        ws.add(new Window(s, t));
        i++;
      }
      out.put(key, validate(ws, file + ": '" + e.getKey() + "'"));
    }
    return out;
  }

  /** Sorts windows and rejects overlaps; {@code where} names the source in the error. */
  public static List<Window> validate(List<Window> windows, String where) {
    List<Window> ws = new ArrayList<>(windows);
    ws.sort(Comparator.comparingLong(Window::start));
    for (int i = 1; i < ws.size(); i++) {
      if (ws.get(i).start() <= ws.get(i - 1).end()) {
        throw new DataException(where + ": windows overlap: [" + Timestamps.format(ws.get(i - 1).start()) + ", "
            + Timestamps.format(ws.get(i - 1).end()) + "] and [" + Timestamps.format(ws.get(i).start()) + ", "
            + Timestamps.format(ws.get(i).end()) + "]");
      }
    }
    return List.copyOf(ws);
  }

  /** Writes windows in NAB's form (keys as given, timestamps with {@code .000000}). */
  public static String toJson(Map<String, List<Window>> windows) {
    Map<String, List<List<String>>> m = new LinkedHashMap<>();
    windows.forEach((k, ws) -> {
      List<List<String>> pairs = new ArrayList<>();
      for (Window w : ws) {
        pairs.add(List.of(Timestamps.format(w.start()) + ".000000", Timestamps.format(w.end()) + ".000000"));
      }
      m.put(k, pairs);
    });
    return Json.write(m);
  }
}
