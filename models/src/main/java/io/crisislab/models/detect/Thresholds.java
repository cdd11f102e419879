package io.crisislab.models.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code thresholds.json}, written by {@code crisislab tune} and read by {@code crisislab replay}
 * and the calibration bundle (format documented in {@code data/schemas/thresholds.md}).
 *
 * <p>Each rule carries the fields of the bundle's {@link CalibrationBundle.SurgeRule} (the policy's
 * {@code persistenceK}, {@code persistenceN} and {@code cooldownBuckets} ride in
 * {@code parameters}) plus {@code members}: the series it was tuned on. Lookup for a series
 * ({@link #ruleFor}): the first rule listing it as a member; else, as in the bundle, exact brand and
 * channel, then brand with any channel, then any brand with the channel, then the default
 * ({@code * / *}). So a rule tuned on a group applies to every series of that group, and a default
 * rule to unseen series.
 *
 * @param version format version ({@link #VERSION}; version 1 files, without the volume range, are refused)
 * @param objective what tuning optimised (e.g. {@code nab-standard})
 * @param validation how the scores were validated (e.g. {@code leave-one-series-out})
 * @param rules the rules
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Thresholds(int version, String objective, String validation, List<Rule> rules) {
  public static final int VERSION = 2;
  /** Wildcard brand or channel. */
  public static final String ANY = "*";
  /** Parameter keys that hold the alert policy rather than the detector's own parameters. */
  public static final List<String> POLICY_KEYS = List.of("persistenceK", "persistenceN", "cooldownBuckets");

  public Thresholds {
    rules = List.copyOf(rules);
  }

  /**
   * One tuned rule.
   *
   * @param brand brand or {@code *}
   * @param channel channel or {@code *}
   * @param series the measure it watches ({@code count}, {@code negative_count}, {@code expected_negative})
   * @param bucketSeconds bucket width it was tuned at
   * @param detector detector name ({@link Detectors})
   * @param parameters detector parameters plus the policy keys {@link #POLICY_KEYS}
   * @param threshold alert threshold on the score
   * @param objective what tuning optimised
   * @param validatedScore held-out score (never the training score), or null
   * @param expectedFalseAlarmsPerWeek held-out false alarms a week, or null
   * @param medianLeadTimeMinutes held-out median lead time before the incident peak, or null
   * @param members series ids the rule was tuned on and applies to by name (empty for a default)
   * @param minMeanCountPerBucket the lowest mean count a bucket among the series the rule was
   *     validated on, or null when unknown; replay warns below it
   * @param maxMeanCountPerBucket the highest such mean, or null; replay warns above it
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Rule(String brand, String channel, String series, long bucketSeconds, String detector,
      Map<String, Object> parameters, double threshold, String objective, Double validatedScore,
      Double expectedFalseAlarmsPerWeek, Double medianLeadTimeMinutes, List<String> members,
      Double minMeanCountPerBucket, Double maxMeanCountPerBucket) {
    public Rule {
      parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
      members = members == null ? List.of() : List.copyOf(members);
      Thresholds.spec(detector, parameters, threshold); // validates
    }

    /** A rule with no validated volume range. */
    public Rule(String brand, String channel, String series, long bucketSeconds, String detector,
        Map<String, Object> parameters, double threshold, String objective, Double validatedScore,
        Double expectedFalseAlarmsPerWeek, Double medianLeadTimeMinutes, List<String> members) {
      this(brand, channel, series, bucketSeconds, detector, parameters, threshold, objective, validatedScore,
          expectedFalseAlarmsPerWeek, medianLeadTimeMinutes, members, null, null);
    }

    /**
     * A warning when a series' mean count a bucket lies outside the range the rule was validated
     * on (its figures may not hold there), else null.
     */
    public String volumeWarning(String seriesId, double meanCountPerBucket) {
      boolean low = minMeanCountPerBucket != null && meanCountPerBucket < minMeanCountPerBucket;
      boolean high = maxMeanCountPerBucket != null && meanCountPerBucket > maxMeanCountPerBucket;
      if (!low && !high) {
        return null;
      }
      return String.format(java.util.Locale.ROOT, "%s: mean %.3g posts a bucket is %s the %.3g–%.3g the rule was validated "
          + "on; its validated score and false-alarm rate may not hold here", seriesId, meanCountPerBucket,
          low ? "below" : "above", minMeanCountPerBucket, maxMeanCountPerBucket);
    }

    /** The rule as a {@link DetectorSpec}. */
    public DetectorSpec spec() {
      return Thresholds.spec(detector, parameters, threshold);
    }

    /** The rule in the calibration bundle's form. */
    public CalibrationBundle.SurgeRule toSurgeRule() {
      return new CalibrationBundle.SurgeRule(brand, channel, series, bucketSeconds, detector, parameters, threshold,
          objective, validatedScore, expectedFalseAlarmsPerWeek, medianLeadTimeMinutes);
    }
  }

  /**
   * A spec from a rule's detector, parameter map (policy keys included, numbers or numeric strings)
   * and threshold: how a live tool instantiates a bundle's or thresholds.json's rule.
   */
  public static DetectorSpec spec(String detector, Map<String, ?> parameters, double threshold) {
    Map<String, Double> det = new LinkedHashMap<>();
    int k = 1;
    int n = 1;
    int cool = 0;
    for (Map.Entry<String, ?> e : parameters.entrySet()) {
      double v = number(detector, e.getKey(), e.getValue());
      switch (e.getKey()) {
        case "persistenceK" -> k = (int) v;
        case "persistenceN" -> n = (int) v;
        case "cooldownBuckets" -> cool = (int) v;
        default -> det.put(e.getKey(), v);
      }
    }
    return new DetectorSpec(detector, det, threshold, k, n, cool);
  }

  /** A bundle rule as a spec. */
  public static DetectorSpec spec(CalibrationBundle.SurgeRule r) {
    return spec(r.detector(), r.parameters(), r.threshold());
  }

  private static double number(String detector, String key, Object v) {
    if (v instanceof Number num) {
      return num.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new UsageException("detector '" + detector + "': parameter '" + key + "' must be a number, got '" + v + "'");
    }
  }

  /** The parameter map of a rule for {@code spec}: detector parameters plus the policy keys. */
  public static Map<String, Object> parameters(DetectorSpec spec) {
    Map<String, Object> m = new TreeMap<>(spec.params());
    m.put("persistenceK", spec.persistenceK());
    m.put("persistenceN", spec.persistenceN());
    m.put("cooldownBuckets", spec.cooldownBuckets());
    return m;
  }

  /** The rule that applies to a series (see the class comment), or null. */
  public Rule ruleFor(String seriesId, String brand, String channel) {
    for (Rule r : rules) {
      if (r.members.contains(seriesId)) {
        return r;
      }
    }
    String b = brand == null ? ANY : brand;
    String c = channel == null ? ANY : channel;
    String[][] order = {{b, c}, {b, ANY}, {ANY, c}, {ANY, ANY}};
    for (String[] o : order) {
      for (Rule r : rules) {
        if (r.brand.equals(o[0]) && r.channel.equals(o[1])) {
          return r;
        }
      }
    }
    return null;
  }

  /** The rules in the calibration bundle's form. */
  public List<CalibrationBundle.SurgeRule> toSurgeRules() {
    List<CalibrationBundle.SurgeRule> out = new ArrayList<>();
    for (Rule r : rules) {
      out.add(r.toSurgeRule());
    }
    return out;
  }

  /** Reads a thresholds file; errors name the file. */
  public static Thresholds read(Path file) {
    Thresholds t;
    try {
      t = Json.mapper().readValue(file.toFile(), Thresholds.class);
    } catch (IOException e) {
      Throwable c = e.getCause();
      if (c instanceof UsageException u) {
        throw new DataException(file + ": " + u.getMessage(), u);
      }
      throw new DataException(file + ": not a thresholds file: " + e.getMessage().split("\n")[0], e);
    }
    if (t.version != VERSION) {
      throw new DataException(file + ": thresholds version " + t.version + " is not supported (expected " + VERSION
          + "); re-run tune to write the current version");
    }
    return t;
  }

  /** JSON text. */
  public String toJson() {
    return Json.write(this);
  }
}
