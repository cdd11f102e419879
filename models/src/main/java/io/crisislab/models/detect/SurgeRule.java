package io.crisislab.models.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crisislab.models.errors.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tuned surge rule: the one form written to and read from {@code thresholds.json} ({@code rules[]}),
 * the calibration bundle ({@code surgeRules[]}) and {@code replay.json} ({@code series[].rule}). Every
 * field is documented once, in {@code data/schemas/thresholds.md}.
 *
 * <p>{@link #find} is the one lookup of the rule for a series, used by replay, the bundle
 * ({@code LoadedBundle}) and calibration verify: exact brand and channel, then brand with any
 * channel, then any brand with the channel, then the default {@code * / *}, among the rules for the
 * series' measure. {@link #spec()} turns a rule into the detector and alert policy a live tool feeds.
 *
 * @param brand brand or {@link #ANY}
 * @param channel channel or {@link #ANY}
 * @param series the measure it watches, one of {@link #MEASURES}
 * @param bucketSeconds bucket width it was tuned at (seconds)
 * @param detector detector name ({@link Detectors})
 * @param parameters detector parameters plus the policy keys {@link #POLICY_KEYS}
 * @param threshold alert threshold on the detector's score
 * @param objective what tuning optimised, or null
 * @param validatedScore held-out score (never the training score), or null
 * @param expectedFalseAlarmsPerWeek held-out false alarms a week, or null
 * @param medianLeadTimeMinutes held-out median minutes from the first alert to the incident's peak, or null
 * @param members series ids the rule was tuned on (empty when unknown or not tuned)
 * @param minMeanCountPerBucket lowest mean count a bucket among the series it was validated on, or null
 * @param maxMeanCountPerBucket highest such mean, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SurgeRule(String brand, String channel, String series, long bucketSeconds, String detector,
    Map<String, Object> parameters, double threshold, String objective, Double validatedScore,
    Double expectedFalseAlarmsPerWeek, Double medianLeadTimeMinutes, List<String> members,
    Double minMeanCountPerBucket, Double maxMeanCountPerBucket) {
  /** Wildcard brand or channel. */
  public static final String ANY = "*";
  /** The measures a rule may watch, as persisted. */
  public static final List<String> MEASURES = List.of("count", "negative_count", "expected_negative");
  /** Parameter keys that hold the alert policy rather than the detector's own parameters. */
  public static final List<String> POLICY_KEYS = List.of("persistenceK", "persistenceN", "cooldownBuckets");

  public SurgeRule {
    parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
    members = members == null ? List.of() : List.copyOf(members);
  }

  /**
   * A rule that was not tuned (a detector given on the command line, or a built-in default): scope
   * {@code * / *}, no validated figures, no members, no volume range.
   */
  public static SurgeRule untuned(String series, long bucketSeconds, DetectorSpec spec) {
    return new SurgeRule(ANY, ANY, series, bucketSeconds, spec.detector(), parameters(spec), spec.threshold(), null,
        null, null, null, List.of(), null, null);
  }

  /** The scope as {@code brand/channel}. */
  public String scope() {
    return brand + "/" + channel;
  }

  /**
   * The rule for a series of this brand, channel and measure among {@code rules}, or empty: exact
   * brand and channel first, then brand with any channel, then any brand with the channel, then
   * {@code * / *}; within a step, the first rule in list order. A null brand or channel (a CSV
   * series has neither) only matches {@link #ANY}; a null measure matches every measure.
   */
  public static Optional<SurgeRule> find(List<SurgeRule> rules, String brand, String channel, String measure) {
    String b = brand == null ? ANY : brand;
    String c = channel == null ? ANY : channel;
    String[][] order = {{b, c}, {b, ANY}, {ANY, c}, {ANY, ANY}};
    for (String[] o : order) {
      for (SurgeRule r : rules) {
        if (r.brand.equals(o[0]) && r.channel.equals(o[1]) && (measure == null || r.series.equals(measure))) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The persisted measure name ({@link #MEASURES}) of a series measure as the jobs name it on the
   * command line: {@code count}, {@code negative}, {@code expected-negative}.
   */
  public static String measureOf(String measure) {
    return switch (measure) {
      case "count" -> "count";
      case "negative" -> "negative_count";
      case "expected-negative" -> "expected_negative";
      default -> throw new UsageException("no surge-rule measure for series measure '" + measure + "'");
    };
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
    return String.format(Locale.ROOT, "%s: mean %.3g posts a bucket is %s the %.3g–%.3g the rule was validated "
        + "on; its validated score and false-alarm rate may not hold here", seriesId, meanCountPerBucket,
        low ? "below" : "above", minMeanCountPerBucket, maxMeanCountPerBucket);
  }

  /**
   * The rule's detector and alert policy, validated: the parameter values must be numbers (or numeric
   * strings, or booleans as 1/0) and the detector must accept them ({@link UsageException} otherwise).
   */
  public DetectorSpec spec() {
    Map<String, Double> det = new LinkedHashMap<>();
    int k = 1;
    int n = 1;
    int cool = 0;
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      double v = number(e.getKey(), e.getValue());
      switch (e.getKey()) {
        case "persistenceK" -> k = (int) v;
        case "persistenceN" -> n = (int) v;
        case "cooldownBuckets" -> cool = (int) v;
        default -> det.put(e.getKey(), v);
      }
    }
    return new DetectorSpec(detector, det, threshold, k, n, cool);
  }

  private double number(String key, Object v) {
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
}
