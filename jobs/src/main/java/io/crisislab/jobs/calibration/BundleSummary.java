package io.crisislab.jobs.calibration;

import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.scorer.NegativityScorer;
import java.util.Locale;

/** A readable multi-line description of a loaded bundle (for {@code calibration check} and the demo). */
final class BundleSummary {
  private BundleSummary() {}

  static String describe(LoadedBundle lb) {
    CalibrationBundle b = lb.bundle();
    StringBuilder s = new StringBuilder();
    if (b.classifier() == null) {
      s.append("classifier: none\n");
    } else {
      s.append(String.format(Locale.ROOT, "classifier: %s (sha256 %s..., verified), threshold %.4f, calibration %s%n",
          b.classifier().scorerFile(), b.classifier().scorerSha256().substring(0, 12), b.classifier().threshold(),
          b.classifier().calibration()));
      lb.scorer().map(NegativityScorer::priorShift).ifPresent(p -> s.append(String.format(Locale.ROOT,
          "  prior shift: calibrated under a share of negatives of %.4f; carry each period to its own "
          + "(PriorShift.adapt)%n", p.trainPrior())));
    }
    s.append("surge rules: ").append(b.surgeRules().size()).append('\n');
    for (SurgeRule r : b.surgeRules()) {
      s.append(String.format(Locale.ROOT, "  %s %s: %s %s threshold %s, validated %s, %s false alarms/week%n",
          r.scope(), r.series(), r.detector(), r.parameters(), BundleDiff.fmt(r.threshold()),
          BundleDiff.fmt(r.validatedScore()), BundleDiff.fmt(r.expectedFalseAlarmsPerWeek())));
    }
    if (b.responseTargets() == null) {
      s.append("response targets: none");
    } else {
      s.append("response targets (plan ").append(b.responseTargets().plan()).append("):");
      for (MilestoneTarget m : b.responseTargets().milestones()) {
        s.append(String.format(Locale.ROOT, "%n  %s: SLA %s min, plan p50 %s / p90 %s min, P(breach) %s", m.milestone(),
            BundleDiff.fmt(m.slaMinutes()), BundleDiff.fmt(m.planP50Minutes()), BundleDiff.fmt(m.planP90Minutes()),
            BundleDiff.fmt(m.breachProbability())));
      }
    }
    return s.toString();
  }
}
