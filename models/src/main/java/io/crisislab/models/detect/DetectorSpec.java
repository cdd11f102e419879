package io.crisislab.models.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detector half of a tuned alert rule: which detector, its parameters, and the alert policy.
 * The persisted rule (with scope, measure and validation figures) is {@link SurgeRule}, whose
 * {@link SurgeRule#spec()} gives this; {@code tune} searches over specs. {@link #newRule()}
 * instantiates it for a live tool; the detector and parameters are validated on construction, so a
 * spec that exists can be instantiated. JSON form (key order fixed, parameters sorted):
 *
 * <pre>{"detector": "surge", "params": {"memory": 4032.0, ...}, "threshold": 1.5,
 *  "persistenceK": 1, "persistenceN": 1, "cooldownBuckets": 144}</pre>
 *
 * @param detector registry name ({@link Detectors#names()})
 * @param params parameter values (missing ones take the detector's defaults)
 * @param threshold score threshold of the alert policy
 * @param persistenceK exceeding buckets needed out of {@code persistenceN}
 * @param persistenceN buckets looked at
 * @param cooldownBuckets buckets after an alert with no new alert
 */
public record DetectorSpec(String detector, Map<String, Double> params, double threshold, int persistenceK,
    int persistenceN, int cooldownBuckets) {
  public DetectorSpec {
    if (detector == null) {
      throw new UsageException("detector spec: 'detector' is missing");
    }
    params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
    try {
      new AlertPolicy(threshold, persistenceK, persistenceN, cooldownBuckets);
    } catch (IllegalArgumentException e) {
      throw new UsageException("detector spec '" + detector + "': " + e.getMessage(), e);
    }
    try {
      Detectors.create(detector, params);
    } catch (IllegalArgumentException e) {
      throw new UsageException("detector spec '" + detector + "': " + e.getMessage(), e);
    }
  }

  /** A fresh detector with these parameters. */
  public Detector newDetector() {
    return Detectors.create(detector, params);
  }

  /** The alert policy of this rule. */
  public AlertPolicy policy() {
    return new AlertPolicy(threshold, persistenceK, persistenceN, cooldownBuckets);
  }

  /** A fresh detector with its policy: feed it one bucket at a time. */
  public AlertRule newRule() {
    return new AlertRule(newDetector(), policy());
  }

  /** The same rule at another threshold. */
  public DetectorSpec withThreshold(double t) {
    return new DetectorSpec(detector, params, t, persistenceK, persistenceN, cooldownBuckets);
  }

  /** JSON text of this spec. */
  public String toJson() {
    return Json.write(this);
  }

  /** Parses a spec from JSON text. */
  public static DetectorSpec fromJson(String json) {
    try {
      return Json.mapper().readValue(json, DetectorSpec.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof UsageException u) {
        throw u;
      }
      throw new UsageException("not a detector spec: " + e.getOriginalMessage(), e);
    }
  }
}
