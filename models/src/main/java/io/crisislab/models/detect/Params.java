package io.crisislab.models.detect;

import io.crisislab.models.errors.UsageException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads a detector's parameters from a spec's map, with defaults, ranges and no unknown keys. */
final class Params {
  private final String detector;
  private final Map<String, Double> values;

  Params(String detector, Map<String, Double> values, Set<String> allowed) {
    this.detector = detector;
    this.values = new TreeMap<>(values == null ? Map.of() : values);
    for (String k : this.values.keySet()) {
      if (!allowed.contains(k)) {
        throw new UsageException("detector '" + detector + "': unknown parameter '" + k + "' (allowed: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
      Double v = this.values.get(k);
      if (v == null || v.isNaN() || v.isInfinite()) {
        throw new UsageException("detector '" + detector + "': parameter '" + k + "' must be a finite number");
      }
    }
  }

  double get(String key, double dflt, double min, double max) {
    double v = values.getOrDefault(key, dflt);
    if (v < min || v > max) {
      throw new UsageException("detector '" + detector + "': parameter '" + key + "' must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  int getInt(String key, int dflt, int min, int max) {
    double v = get(key, dflt, min, max);
    if (v != Math.rint(v)) {
      throw new UsageException("detector '" + detector + "': parameter '" + key + "' must be a whole number, got " + v);
    }
    return (int) v;
  }
}
