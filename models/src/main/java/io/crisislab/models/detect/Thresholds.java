package io.crisislab.models.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code thresholds.json}, written by {@code crisislab tune} and read by {@code crisislab replay}
 * and the calibration bundle builder (format documented in {@code data/schemas/thresholds.md}).
 * Its rules are {@link SurgeRule}s, the same objects the bundle carries; the lookup is
 * {@link SurgeRule#find}. Invariant: every rule instantiates ({@link SurgeRule#spec()}), checked on
 * construction so a file that reads is a file that replays.
 *
 * @param version format version ({@link #VERSION}; version 1 files, without the volume range, are refused)
 * @param objective what tuning optimised (e.g. {@code nab-standard})
 * @param validation how the scores were validated (e.g. {@code leave-one-series-out})
 * @param rules the rules
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Thresholds(int version, String objective, String validation, List<SurgeRule> rules) {
  public static final int VERSION = 2;

  public Thresholds {
    rules = rules == null ? List.of() : List.copyOf(rules);
    for (int i = 0; i < rules.size(); i++) {
      try {
        rules.get(i).spec();
      } catch (UsageException e) {
        throw new UsageException("rules[" + i + "]: " + e.getMessage(), e);
      }
    }
  }

  /** The rule for a series of this brand, channel and measure ({@link SurgeRule#find}), or empty. */
  public Optional<SurgeRule> ruleFor(String brand, String channel, String measure) {
    return SurgeRule.find(rules, brand, channel, measure);
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
