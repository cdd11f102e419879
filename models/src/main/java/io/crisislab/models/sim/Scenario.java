package io.crisislab.models.sim;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.series.NabCsv;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident to play against a plan: when the first negative signal appears (t = 0), how severe
 * it is, the inbound message surge, the SLAs to check and timed injects for the tabletop script.
 * Schema: {@code data/plans/README.md}.
 *
 * @param name scenario name
 * @param startEpochMinute incident start (first negative signal) in minutes since the epoch (UTC)
 * @param startJitterMinutes the start is uniform over [start, start + jitter) per replication (0 = fixed)
 * @param zone time zone for clock times in the tabletop script
 * @param severityLevels severity levels 1..5 that can occur
 * @param severityProbs their probabilities (sum 1)
 * @param segments inbound arrival rate, piecewise constant (a Poisson process)
 * @param warmupMinutes messages arriving before this are left out of waiting-time statistics
 * @param horizonMinutes a replication stops here (unfinished milestones are reported as not reached)
 * @param slas milestone deadlines
 * @param focus the milestone the sensitivity table and tabletop headline use
 * @param injects scripted injects for the tabletop script
 */
public record Scenario(String name, long startEpochMinute, double startJitterMinutes, String zone,
    int[] severityLevels, double[] severityProbs, List<Segment> segments, double warmupMinutes,
    double horizonMinutes, List<Sla> slas, String focus, List<Inject> injects) implements Serializable {

  public Scenario {
    segments = List.copyOf(segments);
    slas = List.copyOf(slas);
    injects = List.copyOf(injects);
  }

  /** Arrivals at {@code perMinute} messages a minute in [fromMinutes, toMinutes). */
  public record Segment(double fromMinutes, double toMinutes, double perMinute) implements Serializable {}

  /** A deadline: the milestone should be reached within {@code withinMinutes} of the start. */
  public record Sla(String milestone, double withinMinutes, String label) implements Serializable {}

  /** A scripted inject for the tabletop script. */
  public record Inject(double atMinutes, String text) implements Serializable {}

  /** Expected number of inbound messages over the scenario. */
  public double expectedMessages() {
    double s = 0;
    for (Segment g : segments) {
      s += (g.toMinutes - g.fromMinutes) * g.perMinute;
    }
    return s;
  }

  public static Scenario load(Path file) {
    return parse(YamlNode.load(file, "scenario"));
  }

  /** Parses scenario YAML text (tests); {@code name} stands in for the file name in errors. */
  public static Scenario parse(String yaml, String name) {
    try (Reader r = new StringReader(yaml)) {
      return parse(YamlNode.parse(r, name));
    } catch (IOException e) {
      throw new UsageException(name + ": " + e.getMessage(), e);
    }
  }

  static Scenario parse(YamlNode root) {
    String name = root.has("name") ? root.get("name").text() : "scenario";
    YamlNode zoneN = root.opt("zone");
    String zone = zoneN == null ? "UTC" : zoneN.text().trim();
    ZoneId z;
    try {
      z = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw zoneN.error("unknown time zone '" + zone + "'");
    }
    YamlNode startN = root.get("start");
    long start = parseStart(startN, z);
    double jitter = root.has("start_jitter_hours") ? root.get("start_jitter_hours").nonNegative() * 60 : 0;

    int[] levels;
    double[] probs;
    YamlNode sevN = root.opt("severity");
    if (sevN == null) {
      levels = new int[] {3};
      probs = new double[] {1};
    } else if (sevN.isScalar()) {
      levels = new int[] {sevLevel(sevN, sevN.text())};
      probs = new double[] {1};
    } else {
      List<String> keys = sevN.keys();
      levels = new int[keys.size()];
      probs = new double[keys.size()];
      double sum = 0;
      for (int i = 0; i < keys.size(); i++) {
        YamlNode p = sevN.get(keys.get(i));
        levels[i] = sevLevel(p, keys.get(i));
        probs[i] = p.probability();
        sum += probs[i];
      }
      if (Math.abs(sum - 1) > 1e-6) {
        throw sevN.error("severity probabilities must sum to 1, got " + sum);
      }
    }

    List<Segment> segs = new ArrayList<>();
    double warmup = 0;
    YamlNode inN = root.opt("inbound");
    if (inN != null) {
      YamlNode segN = inN.opt("segments");
      YamlNode perHourN = inN.opt("per_hour");
      YamlNode seriesN = inN.opt("series");
      if ((segN != null ? 1 : 0) + (perHourN != null ? 1 : 0) + (seriesN != null ? 1 : 0) > 1) {
        throw inN.error("give one of 'segments', 'per_hour' or 'series'");
      }
      if (seriesN != null) {
        segs.addAll(replaySegments(seriesN));
      }
      if (segN != null) {
        double prevEnd = Double.NEGATIVE_INFINITY;
        for (YamlNode s : segN.list()) {
          double from = s.get("from_minutes").nonNegative();
          YamlNode toN = s.get("to_minutes");
          double to = toN.nonNegative();
          if (to <= from) {
            throw toN.error("to_minutes must be after from_minutes (" + from + ")");
          }
          if (from < prevEnd) {
            throw s.error("segments must be in time order without overlap");
          }
          prevEnd = to;
          double perMinute;
          if (s.has("messages") == s.has("per_hour")) {
            throw s.error("give exactly one of 'messages' (expected count in the segment) or 'per_hour'");
          } else if (s.has("messages")) {
            perMinute = s.get("messages").nonNegative() / (to - from);
          } else {
            perMinute = s.get("per_hour").nonNegative() / 60;
          }
          s.rejectUnknown();
          segs.add(new Segment(from, to, perMinute));
        }
      } else if (perHourN != null) {
        List<YamlNode> hours = perHourN.list();
        for (int h = 0; h < hours.size(); h++) {
          segs.add(new Segment(h * 60.0, (h + 1) * 60.0, hours.get(h).nonNegative() / 60));
        }
      }
      warmup = inN.has("warmup_minutes") ? inN.get("warmup_minutes").nonNegative() : 0;
      inN.rejectUnknown();
    }
    double horizon = root.has("horizon_hours") ? root.get("horizon_hours").positive() * 60 : 21 * 1440;

    List<Sla> slas = new ArrayList<>();
    YamlNode slaN = root.opt("slas");
    if (slaN != null) {
      for (YamlNode s : slaN.list()) {
        String m = s.get("milestone").text().trim();
        double within = s.has("within_minutes") ? s.get("within_minutes").positive()
            : s.get("within_hours").positive() * 60;
        String label = s.has("label") ? s.get("label").text() : null;
        s.rejectUnknown();
        slas.add(new Sla(m, within, label));
      }
    }
    String focus = root.has("focus") ? root.get("focus").text().trim() : null;
    List<Inject> injects = new ArrayList<>();
    YamlNode injN = root.opt("injects");
    if (injN != null) {
      for (YamlNode s : injN.list()) {
        double at = s.get("at_minutes").nonNegative();
        String text = s.get("text").text();
        s.rejectUnknown();
        injects.add(new Inject(at, text));
      }
    }
    root.rejectUnknown();
    return new Scenario(name, start, jitter, zone, levels, probs, segs, warmup, horizon, slas, focus, injects);
  }

  /**
   * Inbound arrivals replayed from a recorded volume series (NAB-style CSV {@code timestamp,value}, e.g.
   * a past incident's mentions): each bucket of the window becomes a segment whose Poisson rate is the
   * bucket's count over its width, optionally scaled so the window holds {@code scale_to_messages}.
   * A relative {@code file} is resolved against the scenario file's folder.
   */
  private static List<Segment> replaySegments(YamlNode n) {
    YamlNode fileN = n.get("file");
    Path base = Path.of(n.file()).toAbsolutePath().getParent();
    Path file = base.resolve(fileN.text().trim()).normalize();
    if (!Files.isRegularFile(file)) {
      throw fileN.error("series file " + file + " not found");
    }
    String column = n.has("column") ? n.get("column").text().trim() : "value";
    YamlNode fromN = n.get("from");
    Long from = Timestamps.tryParse(fromN.text().trim());
    if (from == null) {
      throw fromN.error("expected a UTC time like 2015-03-03 04:37:53, got '" + fromN.text() + "'");
    }
    YamlNode hoursN = n.get("hours");
    double windowMinutes = hoursN.positive() * 60;
    Double scaleTo = n.has("scale_to_messages") ? n.get("scale_to_messages").positive() : null;
    n.rejectUnknown();
    NabCsv.Columns cols;
    try {
      cols = NabCsv.readColumns(file, column);
    } catch (DataException e) {
      throw fileN.error(e.getMessage());
    }
    List<Segment> out = new ArrayList<>();
    double total = 0;
    long[] t = cols.time();
    double[] v = cols.values();
    for (int i = 0; i < t.length; i++) {
      double a = (t[i] - from) / 60.0;
      double b = i + 1 < t.length ? (t[i + 1] - from) / 60.0 : a + (i > 0 ? (t[i] - t[i - 1]) / 60.0 : 5);
      if (b <= 0 || a >= windowMinutes || b <= a) {
        continue;
      }
      a = Math.max(a, 0);
      b = Math.min(b, windowMinutes);
      double width = (i + 1 < t.length ? t[i + 1] - t[i] : (i > 0 ? t[i] - t[i - 1] : 300)) / 60.0;
      double rate = v[i] / width;
      out.add(new Segment(a, b, rate));
      total += rate * (b - a);
    }
    if (out.isEmpty() || total <= 0) {
      throw fromN.error("the series has no messages in the " + (windowMinutes / 60) + " h after " + fromN.text());
    }
    if (scaleTo != null) {
      double f = scaleTo / total;
      List<Segment> scaled = new ArrayList<>();
      for (Segment g : out) {
        scaled.add(new Segment(g.fromMinutes(), g.toMinutes(), g.perMinute() * f));
      }
      out = scaled;
    }
    return out;
  }

  private static int sevLevel(YamlNode n, String text) {
    try {
      int v = Integer.parseInt(text.trim());
      if (v < 1 || v > Plan.MAX_SEVERITY) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw n.error("severity levels are whole numbers 1.." + Plan.MAX_SEVERITY + ", got '" + text + "'");
    }
  }

  private static long parseStart(YamlNode n, ZoneId zone) {
    String t = n.text().trim();
    try {
      return Instant.parse(t).getEpochSecond() / 60;
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t).atZone(zone).toEpochSecond() / 60;
      } catch (DateTimeParseException e2) {
        throw n.error("expected a start time like 2026-11-28T02:00 (in 'zone') or 2026-11-28T02:00:00Z, got '" + t + "'");
      }
    }
  }

  /**
   * Checks the scenario against a plan: SLA and focus milestones must be marked by a step.
   *
   * @throws UsageException naming the key
   */
  public void checkAgainst(Plan plan, String scenarioFile) {
    List<String> ms = new ArrayList<>();
    for (Plan.Step s : plan.steps()) {
      if (s.milestone() != null) {
        ms.add(s.milestone());
      }
    }
    for (Sla s : slas) {
      if (!ms.contains(s.milestone)) {
        throw new UsageException(scenarioFile + ", key slas: milestone '" + s.milestone
            + "' is not marked by any step of plan '" + plan.name() + "' (milestones: " + String.join(", ", ms) + ")");
      }
    }
    if (focus != null && !ms.contains(focus)) {
      throw new UsageException(scenarioFile + ", key focus: milestone '" + focus + "' is not marked by any step of plan '"
          + plan.name() + "' (milestones: " + String.join(", ", ms) + ")");
    }
    if (!segments.isEmpty() && plan.inboundRoles().isEmpty()) {
      throw new UsageException(scenarioFile + ", key inbound: the scenario has inbound messages but plan '"
          + plan.name() + "' names no role under inbound.handled_by");
    }
  }
}
