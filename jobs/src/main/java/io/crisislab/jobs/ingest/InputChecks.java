package io.crisislab.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Fail-fast checks of a mapping against an input before any task runs (exit 2 naming file and key). */
final class InputChecks {
  /** JSON lines sampled to find the fields a JSONL file has. */
  static final int JSONL_SAMPLE = 1000;

  private InputChecks() {}

  /**
   * The source field names a generic JSONL mapping reads (lower case; constants excluded), after
   * checking that each occurs in the first {@link #JSONL_SAMPLE} objects of {@code file}: a mapping
   * typo fails here, as it does against a CSV header, instead of rejecting every row.
   */
  static List<String> jsonNames(Path file, Map<String, String> columnMap) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> e : columnMap.entrySet()) {
      String v = e.getValue();
      String n = v.toLowerCase(Locale.ROOT);
      if (!(v.startsWith("'") && v.endsWith("'")) && !names.contains(n)) {
        names.add(n);
      }
    }
    TreeSet<String> seen = new TreeSet<>();
    int objects = 0;
    if (!Split.isGzip(file)) {
      Split.requireText(file);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Split.open(file), StandardCharsets.UTF_8))) {
      String line;
      while (objects < JSONL_SAMPLE && (line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = Json.mapper().readTree(line);
          if (node != null && node.isObject()) {
            objects++;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
              seen.add(it.next().toLowerCase(Locale.ROOT));
            }
          }
        } catch (IOException malformed) {
          // a malformed line is quarantined by the reader; the sample just skips it
        }
      }
    } catch (IOException e) {
      throw new UsageException("--input " + file + ": cannot read: " + e.getMessage(), e);
    }
    if (objects == 0) {
      return names;
    }
    for (Map.Entry<String, String> e : columnMap.entrySet()) {
      String v = e.getValue();
      if (!(v.startsWith("'") && v.endsWith("'")) && !seen.contains(v.toLowerCase(Locale.ROOT))) {
        throw new UsageException("--column " + e.getKey() + "=" + v + ": " + file.getFileName() + " has no field '" + v
            + "' in its first " + objects + " JSON objects (fields: " + seen + ")");
      }
    }
    return names;
  }
}
