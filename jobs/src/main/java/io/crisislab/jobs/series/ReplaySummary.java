package io.crisislab.jobs.series;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.series.Timestamps;
import io.crisislab.models.stats.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code replay.json}: the one record {@code replay} writes and {@code report} reads, so a renamed
 * field fails at compile time (fields documented in {@code data/schemas/thresholds.md}, "replay.json").
 * The score fields are absent (not null) when the replay had no windows.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; other versions are refused by {@link #read}
 * @param series each series with the rule applied to it
 * @param nabNormalised NAB profile name → normalised score (0–100), or null without windows
 * @param nabRaw NAB profile name → raw score, or null
 * @param nabSweptInSample NAB profile → best threshold over the raw scores, in-sample, or null
 * @param windows incident windows scored, or null
 * @param operational incidents caught, delays, lead times, false alarms, or null
 * @param estimates the operational rates and medians with their n and 95% intervals, or null
 * @param incidents one row per window with its first alert, or null
 * @param warnings repairs and mismatches, in plain words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplaySummary(int formatVersion, List<SeriesRow> series, Map<String, Double> nabNormalised,
    Map<String, Double> nabRaw, Map<String, Replay.Swept> nabSweptInSample, Integer windows,
    OperationalScore operational, Estimates estimates, List<IncidentRow> incidents, List<String> warnings) {

  /**
   * Format version of {@code replay.json}. Version 3 adds {@code estimates} (n and 95% interval of
   * the detected share, median delay and lead time, false alarms a week). Version 2 wrote each
   * series' {@code rule} as a {@link SurgeRule} (scope, measure, parameters with the alert policy,
   * validated figures) where version 1, which had no {@code formatVersion} key, wrote the bare
   * detector spec.
   */
  public static final int FORMAT_VERSION = 3;

  public ReplaySummary {
    series = series == null ? List.of() : List.copyOf(series);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * One replayed series.
   *
   * @param id series id ({@code brand/channel}, or the CSV file name)
   * @param brand brand, or null for a CSV series
   * @param channel channel, or null
   * @param measure what the series counts ({@code count}, {@code negative}, {@code expected-negative})
   * @param buckets buckets in the series
   * @param bucketSeconds bucket width, seconds
   * @param rule the surge rule applied
   * @param ruleSource {@code rule tuned on it}, {@code rule <brand>/<channel>}, {@code --detector} or
   *     {@code built-in default}
   * @param alerts alerting buckets
   * @param windows incident windows of the series, or null without {@code --windows}
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SeriesRow(String id, String brand, String channel, String measure, int buckets, int bucketSeconds,
      SurgeRule rule, String ruleSource, int alerts, Integer windows) {}

  /**
   * One incident window and when the rule first alerted in it (times UTC, {@code YYYY-MM-DD HH:MM:SS}).
   *
   * @param series series id
   * @param windowStart window start
   * @param windowEnd window end
   * @param peak the incident's peak
   * @param firstAlert first alerting bucket in the window, or null when missed
   * @param delayMinutes minutes from the window start to the first alert, or null
   * @param leadTimeMinutes minutes from the first alert to the peak (negative: after it), or null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record IncidentRow(String series, String windowStart, String windowEnd, String peak, String firstAlert,
      Double delayMinutes, Double leadTimeMinutes) {
    static IncidentRow of(OperationalScore.Incident i) {
      return new IncidentRow(i.series(), Timestamps.format(i.window().start()), Timestamps.format(i.window().end()),
          Timestamps.format(i.peak()), i.firstAlert() == null ? null : Timestamps.format(i.firstAlert()),
          i.delayMinutes(), i.leadTimeMinutes());
    }
  }

  /**
   * An estimate with the count it rests on and its 95% interval (bounds null when n is too small).
   *
   * @param n incidents for the detected share, detected incidents for the medians, false alarms for the rate
   * @param value the estimate
   * @param ci95Low lower bound
   * @param ci95High upper bound
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Interval(long n, Double value, Double ci95Low, Double ci95High) {
    static Interval of(long n, Stats.Estimate e) {
      return new Interval(n, e.value(), e.ci95Low(), e.ci95High());
    }
  }

  /**
   * The operational figures a reader quotes, each with n and a 95% interval.
   *
   * @param detectedShare incidents with an alert in their window / incidents (Wilson interval)
   * @param medianDelayMinutes median minutes from window start to first alert, over detected
   *     incidents (order-statistic interval)
   * @param medianLeadTimeMinutes median minutes from first alert to peak, over detected incidents
   *     (order-statistic interval)
   * @param falseAlarmsPerWeek false alarms over observed weeks after warm-up (exact Poisson interval)
   */
  public record Estimates(Interval detectedShare, Interval medianDelayMinutes, Interval medianLeadTimeMinutes,
      Interval falseAlarmsPerWeek) {
    /** The estimates of an operational score and the incidents it was counted over. */
    public static Estimates of(OperationalScore op, List<OperationalScore.Incident> incidents) {
      double[] delays = incidents.stream().map(OperationalScore.Incident::delayMinutes).filter(Objects::nonNull)
          .mapToDouble(Double::doubleValue).sorted().toArray();
      double[] leads = incidents.stream().map(OperationalScore.Incident::leadTimeMinutes).filter(Objects::nonNull)
          .mapToDouble(Double::doubleValue).sorted().toArray();
      return new Estimates(Interval.of(op.incidents(), Stats.proportion(op.detected(), op.incidents())),
          Interval.of(delays.length, Stats.quantileSorted(delays, 0.5)),
          Interval.of(leads.length, Stats.quantileSorted(leads, 0.5)),
          Interval.of(op.falseAlarms(), Stats.poissonRate(op.falseAlarms(), op.weeks())));
    }
  }

  /** The summary of a replay: rows in {@code applied} order, scores when there were windows. */
  public static ReplaySummary of(List<Replay.Applied> applied, Map<String, SurgeRule> rules, Replay.Scores scores,
      List<String> warnings) {
    List<SeriesRow> rows = new ArrayList<>();
    for (Replay.Applied a : applied) {
      rows.add(new SeriesRow(a.series().id(), a.brand(), a.channel(), a.measure(), a.series().size(),
          a.series().bucketSeconds(), rules.get(a.series().id()), a.ruleSource(), a.alertCount(),
          a.windows() == null ? null : a.windows().size()));
    }
    if (scores == null) {
      return new ReplaySummary(FORMAT_VERSION, rows, null, null, null, null, null, null, null, warnings);
    }
    return new ReplaySummary(FORMAT_VERSION, rows, scores.nabNormalised(), scores.nabRaw(), scores.swept(),
        scores.windows(), scores.operational(), Estimates.of(scores.operational(), scores.incidents()),
        scores.incidents().stream().map(IncidentRow::of).toList(), warnings);
  }

  /**
   * Reads {@code replay.json}; a file of another format version (version 1 has no
   * {@code formatVersion} key) or of the wrong shape is a {@link DataException} naming the file.
   */
  public static ReplaySummary read(Path file) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + e.getMessage().split("\n")[0], e);
    }
    JsonNode v = tree.get("formatVersion");
    int version = v == null ? 1 : v.asInt();
    if (version != FORMAT_VERSION) {
      throw new DataException(file + ": replay.json format version " + version + " is not supported (expected "
          + FORMAT_VERSION + "); re-run replay to write the current version");
    }
    try {
      return Json.mapper().treeToValue(tree, ReplaySummary.class);
    } catch (IOException e) {
      throw new DataException(file + ": not a replay.json of format version " + FORMAT_VERSION + ": "
          + e.getMessage().split("\n")[0], e);
    }
  }
}
