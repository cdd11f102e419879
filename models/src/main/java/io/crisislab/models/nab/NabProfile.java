package io.crisislab.models.nab;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NAB application profile: the weights of true positives, false positives and missed windows
 * ({@code CostMatrix} in NAB's {@code profiles.json}; true negatives are not scored).
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) implements java.io.Serializable {
  public NabProfile {
    if (!(tpWeight > 0) || !(fpWeight >= 0) || !(fnWeight >= 0)) {
      throw new IllegalArgumentException("profile " + name + ": weights must be tp > 0, fp >= 0, fn >= 0");
    }
  }

  public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
  public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

  /** NAB's three profiles, standard first. */
  public static List<NabProfile> defaults() {
    return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
  }

  /** The default profile called {@code name} ({@code standard}, {@code reward_low_FP_rate}, {@code reward_low_FN_rate}). */
  public static NabProfile named(String name) {
    for (NabProfile p : defaults()) {
      if (p.name.equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown NAB profile '" + name + "' (standard, reward_low_FP_rate, reward_low_FN_rate)");
  }

  /** Reads NAB's {@code profiles.json}: {@code {name: {CostMatrix: {tpWeight, fpWeight, fnWeight, tnWeight}}}}. */
  public static Map<String, NabProfile> read(Path file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    Map<String, NabProfile> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode cm = e.getValue().get("CostMatrix");
      if (cm == null || !cm.has("tpWeight") || !cm.has("fpWeight") || !cm.has("fnWeight")) {
        throw new DataException(file + ": profile '" + e.getKey() + "' needs CostMatrix.tpWeight, fpWeight and fnWeight");
      }
      out.put(e.getKey(), new NabProfile(e.getKey(), cm.get("tpWeight").asDouble(), cm.get("fpWeight").asDouble(),
          cm.get("fnWeight").asDouble()));
    }
    if (out.isEmpty()) {
      throw new DataException(file + ": no profiles");
    }
    return out;
  }
}
