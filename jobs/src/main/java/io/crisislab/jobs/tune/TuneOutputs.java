package io.crisislab.jobs.tune;

import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.AlertsReport;
import io.crisislab.jobs.series.ReplaySummary;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code tune} writes and prints: {@code thresholds.json} (the final rule with its validated
 * figures), {@code tune.json} (per-fold scores, the expected score on a new series, the per-family
 * leaderboard with optimism gaps, thinned copies), {@code validated-alerts.json} and the report.
 */
final class TuneOutputs {
  private TuneOutputs() {}

  /** Everything tuning found, as written out. */
  record Findings(TuneJob.Config config, Labelling set, String validation, String selection, int candidates,
      Object policies, int cells, DetectorSpec rule, double trainingScore, Replay.Scores validated,
      List<Validation.Fold> folds, Validation.Expected expected, List<Validation.Family> families,
      List<Robustness.Thinned> thinned, List<Replay.Applied> applied, List<Validation.VolumeStanding> volumeCheck) {}

  static Thresholds write(Findings f, RunContext ctx, NabProfile profile) throws IOException {
    TuneJob.Config c = f.config();
    OperationalScore op = f.validated().operational();
    double validatedScore = f.validated().nabNormalised().get(profile.name());
    SurgeRule r = new SurgeRule(SurgeRule.ANY, SurgeRule.ANY, measureName(f.set()), f.set().bucketSeconds(),
        f.rule().detector(), SurgeRule.parameters(f.rule()), f.rule().threshold(), c.objective().toString(), validatedScore,
        op.falseAlarmsPerWeek(), op.medianLeadTimeMinutes(), new ArrayList<>(f.set().byId().keySet()),
        f.set().labelled().stream().mapToDouble(l -> Replay.meanCountPerBucket(l.series())).min().orElseThrow(),
        f.set().labelled().stream().mapToDouble(l -> Replay.meanCountPerBucket(l.series())).max().orElseThrow());
    Thresholds thresholds = new Thresholds(Thresholds.VERSION, c.objective().toString(),
        f.validation().equals("series") ? "leave-one-series-out" : "leave-one-incident-out", List.of(r));
    AtomicFiles.writeString(file(ctx), thresholds.toJson());

    Map<String, List<String>> valAlerts = new LinkedHashMap<>();
    for (Replay.Applied a : f.applied()) {
      valAlerts.put(a.series().id(), a.alertTimes());
    }
    AtomicFiles.writeString(ctx.file("validated-alerts.json"), Json.write(valAlerts));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("objective", c.objective().toString());
    summary.put("maxFalseAlarmsPerWeek", c.objective() == Objective.CATCH ? c.maxFalseAlarmsPerWeek() : null);
    summary.put("validation", thresholds.validation());
    summary.put("select", f.selection());
    summary.put("selectThin", f.config().selectThin());
    summary.put("series", new ArrayList<>(f.set().byId().keySet()));
    summary.put("trainExtra", f.set().extra().stream().map(l -> l.series().id()).toList());
    summary.put("incidents", f.set().incidents());
    summary.put("candidates", f.candidates());
    summary.put("policies", f.policies());
    summary.put("cells", f.cells());
    summary.put("rule", f.rule());
    summary.put("trainingScore", f.trainingScore());
    summary.put("validatedNab", f.validated().nabNormalised());
    summary.put("optimismGap", f.trainingScore() - validatedScore);
    summary.put("expectedOnNewSeries", f.expected());
    summary.put("validatedOperational", op);
    // the held-out figures with n and a 95 % interval, computed as replay.json's are
    summary.put("validatedEstimates", ReplaySummary.Estimates.of(f.validated().operational(), f.validated().incidents()));
    summary.put("folds", f.folds());
    summary.put("families", f.families());
    summary.put("volumeCheck", f.volumeCheck());
    summary.put("thinned", f.thinned());
    summary.put("warnings", f.set().warnings());
    AtomicFiles.writeString(ctx.file("tune.json"), Json.write(summary));

    List<String> preface = preface(f, thresholds, profile, validatedScore);
    int charts = AlertsReport.write(ctx.dir(), "CrisisLab surge-rule tuning", thresholds.validation() + " validation",
        f.applied(), f.validated(), f.set().warnings(), preface, c.maxCharts());
    ctx.stage("write report", charts);
    for (String p : preface) {
      ctx.progress().info(p);
    }
    return thresholds;
  }

  static String measureName(Labelling set) {
    return SurgeRule.measureOf(set.byId().values().iterator().next().measure());
  }

  static List<String> preface(Findings f, Thresholds thresholds, NabProfile profile, double validatedScore) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "Objective %s; %s validation (%s selection: family, parameters, policy and "
        + "threshold all chosen on each fold's training series) over %d series and %d incidents; %d candidates.",
        f.config().objective(), thresholds.validation(), f.selection(), f.set().labelled().size(), f.set().incidents(),
        f.candidates()));
    if (!f.config().selectThin().isEmpty()) {
      out.add("Family chosen in each fold on its training series and on their own thinned copies q=" + f.config().selectThin()
          + " (the copies rank families only; each family's parameters, policy and threshold are tuned on the originals).");
    }
    if (!f.set().extra().isEmpty()) {
      out.add(String.format(Locale.ROOT, "Extra training series: %d (%d incidents, %.2f to %.2f posts a bucket) from %s, "
          + "on the training side of every fold; never held out, not in any validated figure.", f.set().extra().size(),
          f.set().extra().stream().mapToInt(l -> l.windows().size()).sum(),
          f.set().extra().stream().mapToDouble(l -> Replay.meanCountPerBucket(l.series())).min().orElseThrow(),
          f.set().extra().stream().mapToDouble(l -> Replay.meanCountPerBucket(l.series())).max().orElseThrow(),
          f.config().trainExtra()));
    }
    out.add(String.format(Locale.ROOT, "Validated NAB score (%s): %.2f — each series' alerts under the rule tuned without "
        + "it, scored together. Training (in-sample) score of the final rule: %.2f (optimism gap %.2f).", profile.name(),
        validatedScore, f.trainingScore(), f.trainingScore() - validatedScore));
    Validation.Expected e = f.expected();
    out.add(String.format(Locale.ROOT, "Expected score on a new series: %.1f ± %.1f (mean ± sd of %d held-out folds; "
        + "95%% CI of the mean %s; worst %.1f, best %.1f)%s.", e.meanScore(), e.sdScore(), e.n(),
        e.ci95LowScore() == null ? "n/a" : String.format(Locale.ROOT, "%.1f to %.1f", e.ci95LowScore(), e.ci95HighScore()),
        e.minScore(), e.maxScore(), e.n() < 10 ? " — few folds: a noisy estimate" : ""));
    for (Validation.Fold fold : f.folds()) {
      out.add(String.format(Locale.ROOT, "  fold %s: held-out %s (training %.2f), %d/%d incidents, %d false alarms; rule %s",
          fold.heldOut(), fold.heldOutScore() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", fold.heldOutScore()),
          fold.trainingScore(), fold.detected(), fold.windows(), fold.falseAlarms(), Replay.describe(fold.rule())));
    }
    out.add("Final rule (tuned on all series, written to thresholds.json): " + Replay.describe(f.rule()));
    for (Validation.VolumeStanding v : f.volumeCheck()) {
      out.add(String.format(Locale.ROOT, "  family choice, %s: worst volume %.2f (originals %.2f, all volumes %.2f); rule %s",
          v.detector(), v.worstScore(), v.originalsScore(), v.pooledScore(), Replay.describe(v.rule())));
    }
    for (Validation.Family fam : f.families()) {
      out.add(String.format(Locale.ROOT, "  %s: validated %.2f (training %.2f, optimism gap %.2f; per series %.1f ± %.1f), "
          + "%d/%d incidents, %.2f false alarms/week", fam.detector(), fam.validatedScore(), fam.trainingScore(),
          fam.optimismGap(), fam.perSeries().meanScore(), fam.perSeries().sdScore(), fam.detected(), fam.incidents(),
          fam.falseAlarmsPerWeek()));
    }
    for (Robustness.Thinned t : f.thinned()) {
      out.add(String.format(Locale.ROOT, "  thinned q=%s (mean %.2f posts/bucket): validated %.2f, %d/%d incidents, "
          + "%.2f false alarms/week", t.q(), t.meanCountPerBucket(), t.validatedScore(), t.detected(), t.incidents(),
          t.falseAlarmsPerWeek()));
    }
    return out;
  }

  /** Where {@code thresholds.json} is written. */
  static Path file(RunContext ctx) {
    return ctx.file("thresholds.json");
  }
}
