package io.crisislab.jobs.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.model.TrainMetrics;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.run.Digests;
import io.crisislab.models.sim.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the parts of a bundle from the run folders of the jobs that own them: {@code train}
 * ({@code scorer.json}, {@code metrics.json}), {@code tune} ({@code thresholds.json}) and
 * {@code simulate} ({@code summary.json}, {@code comparison.json}).
 */
final class BundleSources {
  /** File name of the exported scorer in a train run and beside the bundle. */
  static final String SCORER = "scorer.json";

  /** Metrics copied into the bundle for the live tool's dashboard (the bundle names them in snake_case). */
  static final List<String> METRICS = List.of("aucRoc", "aucPr", "ece", "eceBeforeCalibration",
      "negativePrecision", "negativeRecall", "macroF1", "macroRecall");

  private BundleSources() {}

  /** The classifier of a train run; copies its scorer file beside the bundle. */
  static Classifier classifier(RunInfo train, Path outDir) {
    Path scorer = train.file(SCORER);
    JsonNode m = TrainMetrics.read(train).orElse(null);
    if (!Files.isRegularFile(scorer) || m == null) {
      throw new DataException(train.dir() + ": a train run needs scorer.json and metrics.json for the bundle");
    }
    Path copy = outDir.resolve(SCORER);
    try {
      Files.copy(scorer, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + scorer + " to " + copy, e);
    }
    JsonNode thr = m.get("threshold");
    if (thr == null || !thr.isNumber()) {
      throw new DataException(train.file("metrics.json") + ": key 'threshold' missing");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String k : METRICS) {
      JsonNode v = m.get(k);
      if (v != null && v.isNumber()) {
        metrics.put(k, v.doubleValue());
      }
    }
    JsonNode cal = m.get("calibration");
    String method = cal != null && cal.has("method") ? cal.get("method").asText() : "none";
    // a cascade's band and its test figures (metrics.json's cascade block) travel with the classifier
    JsonNode cascade = m.get("cascade");
    Double margin = null;
    if (cascade != null && cascade.has("margin")) {
      margin = cascade.get("margin").asDouble();
      JsonNode t = cascade.get("test");
      metrics.put("cascadeRoutedShare", t.get("routedShare").asDouble());
      metrics.put("cascadeMacroRecall", t.get("cascadeMacroRecall").asDouble());
    }
    return new Classifier(SCORER, Digests.sha256(copy), thr.doubleValue(),
        m.has("thresholdRule") ? m.get("thresholdRule").asText() : null, method, metrics, margin);
  }

  /** The tuned rules of a tune run ({@code thresholds.json}); the bundle carries them as they are. */
  static List<SurgeRule> rules(RunInfo tune) {
    Path f = tune.file("thresholds.json");
    if (!Files.isRegularFile(f)) {
      throw new DataException(tune.dir() + ": a tune run needs thresholds.json for the bundle");
    }
    return Thresholds.read(f).rules();
  }

  /**
   * Response targets from a simulate run: the first run with a {@code summary.json} gives the
   * milestones (SLA from the scenario, the plan's p50/p90, breach probability); bottlenecks, the
   * strongest what-if and comparison headlines become staffing notes.
   */
  static ResponseTargets targets(RunInfo sim, ResponseTargets earlier) {
    // a comparison run holds plan A (the current plan) in a/ and the alternative in b/
    JsonNode s = sim.json("summary.json").orElse(sim.json("a/summary.json").orElse(null));
    if (s != null && !Summary.FORMAT.equals(s.path("format").asText())) {
      throw new DataException(sim.dir() + ": summary.json has format '" + s.path("format").asText() + "', expected '"
          + Summary.FORMAT + "' (written by another CrisisLab version: re-run simulate)");
    }
    JsonNode cmp = sim.json("comparison.json").orElse(null);
    List<String> notes = new ArrayList<>(earlier == null ? List.of() : earlier.staffingNotes());
    if (cmp != null && cmp.has("headline")) {
      cmp.get("headline").forEach(h -> notes.add("plan comparison (" + cmp.path("planB").asText() + " vs "
          + cmp.path("planA").asText() + "): " + h.asText()));
    }
    if (s == null || earlier != null && !earlier.milestones().isEmpty()) {
      // the first plan's figures are the targets; later plans only add notes
      return earlier == null && notes.isEmpty() ? null
          : new ResponseTargets(earlier == null ? null : earlier.plan(), earlier == null ? null : earlier.scenario(),
              earlier == null ? List.of() : earlier.milestones(), notes);
    }
    Map<String, JsonNode> slaByMilestone = new LinkedHashMap<>();
    for (JsonNode sla : s.path("slas")) {
      slaByMilestone.putIfAbsent(sla.path("milestone").asText(), sla);
    }
    List<MilestoneTarget> ms = new ArrayList<>();
    for (JsonNode m : s.path("milestones")) {
      String name = m.path("milestone").asText();
      JsonNode sla = slaByMilestone.get(name);
      ms.add(new MilestoneTarget(name, sla == null ? null : num(sla.get("withinMinutes")),
          num(m.path("p50Minutes").get("value")), num(m.path("p90Minutes").get("value")),
          sla == null ? null : num(sla.path("breachProbability").get("value"))));
    }
    JsonNode roles = s.path("bottlenecks").path("byRole");
    JsonNode top = null;
    for (JsonNode r : roles) {
      if (top == null || r.path("share").path("value").asDouble() > top.path("share").path("value").asDouble()) {
        top = r;
      }
    }
    if (top != null) {
      notes.add(0, String.format(Locale.ROOT, "%s holds %.0f%% of the critical path (%.0f%% of that waiting for people: "
          + "off hours, paging, busy)", top.path("name").asText(), 100 * top.path("share").path("value").asDouble(),
          100 * top.path("waitingShare").path("value").asDouble()));
    }
    JsonNode best = null;
    for (JsonNode row : s.path("sensitivity").path("rows")) {
      if (row.path("minus25P90DeltaMinutes").isNumber() && (best == null
          || row.path("minus25P90DeltaMinutes").asDouble() < best.path("minus25P90DeltaMinutes").asDouble())) {
        best = row;
      }
    }
    if (best != null && best.path("minus25P90DeltaMinutes").asDouble() < 0) {
      notes.add(1 <= notes.size() ? 1 : 0, String.format(Locale.ROOT, "largest what-if: %s 25%% faster moves the p90 of %s by %.0f min",
          best.path("item").asText(), s.path("sensitivity").path("milestone").asText(),
          best.path("minus25P90DeltaMinutes").asDouble()));
    }
    return new ResponseTargets(s.path("plan").asText(null), s.path("scenario").asText(null), ms, notes);
  }

  private static Double num(JsonNode n) {
    return n != null && n.isNumber() ? n.doubleValue() : null;
  }
}
