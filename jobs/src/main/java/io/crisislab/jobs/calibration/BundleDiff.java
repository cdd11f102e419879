package io.crisislab.jobs.calibration;

import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.detect.SurgeRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What would change for live tools if bundle NEW replaced bundle OLD: the classifier (model file,
 * threshold, calibration), each surge rule by scope (added, removed, detector swapped, parameters,
 * threshold, expected false alarms a week) and the response targets (SLAs, simulated p90s).
 * Provenance and creation time are reported but never count as a change for live tools.
 */
public final class BundleDiff {
  /**
   * One difference.
   *
   * @param area {@code classifier}, {@code surgeRule}, {@code responseTarget}
   * @param key what changed (e.g. {@code acme/twitter negative_count threshold})
   * @param oldValue the old value as text ({@code -} if absent)
   * @param newValue the new value as text ({@code -} if absent)
   * @param affectsLiveTools whether a live tool behaves differently after the swap
   */
  public record Change(String area, String key, String oldValue, String newValue, boolean affectsLiveTools) {
    /** One readable line. */
    public String line() {
      return String.format(Locale.ROOT, "%s %-15s %s: %s -> %s", affectsLiveTools ? "*" : " ", area, key, oldValue, newValue);
    }
  }

  private BundleDiff() {}

  /** All differences, classifier first, then rules by scope, then targets by milestone. */
  public static List<Change> diff(CalibrationBundle a, CalibrationBundle b) {
    List<Change> out = new ArrayList<>();
    classifier(a.classifier(), b.classifier(), out);
    rules(a, b, out);
    targets(a, b, out);
    double faA = totalFalseAlarms(a);
    double faB = totalFalseAlarms(b);
    if (Math.abs(faA - faB) > 1e-9) {
      out.add(new Change("surgeRules", "expected false alarms a week (sum over rules)", fmt(faA), fmt(faB), true));
    }
    return out;
  }

  /** Sum of the rules' expected false alarms a week (rules without a figure count 0). */
  public static double totalFalseAlarms(CalibrationBundle b) {
    return b.surgeRules().stream().mapToDouble(r -> r.expectedFalseAlarmsPerWeek() == null ? 0 : r.expectedFalseAlarmsPerWeek()).sum();
  }

  private static void classifier(Classifier a, Classifier b, List<Change> out) {
    if (a == null && b == null) {
      return;
    }
    if (a == null || b == null) {
      out.add(new Change("classifier", "classifier", a == null ? "-" : a.scorerFile(), b == null ? "-" : b.scorerFile(), true));
      return;
    }
    if (!a.scorerSha256().equals(b.scorerSha256())) {
      out.add(new Change("classifier", "scorer file (model replaced)", a.scorerSha256().substring(0, 12),
          b.scorerSha256().substring(0, 12), true));
    }
    if (a.threshold() != b.threshold()) {
      out.add(new Change("classifier", "threshold", fmt(a.threshold()), fmt(b.threshold()) + " (" + signed(b.threshold() - a.threshold()) + ")", true));
    }
    if (!Objects.equals(a.calibration(), b.calibration())) {
      out.add(new Change("classifier", "calibration", a.calibration(), b.calibration(), true));
    }
    if (!Objects.equals(a.cascadeMargin(), b.cascadeMargin())) {
      // a live tool sends a different share of posts to the encoder model
      out.add(new Change("classifier", "cascade margin", a.cascadeMargin() == null ? "-" : fmt(a.cascadeMargin()),
          b.cascadeMargin() == null ? "-" : fmt(b.cascadeMargin()), true));
    }
    if (!Objects.equals(a.thresholdRule(), b.thresholdRule())) {
      out.add(new Change("classifier", "threshold rule", str(a.thresholdRule()), str(b.thresholdRule()), false));
    }
    for (String k : new TreeSet<>(union(a.metrics().keySet(), b.metrics().keySet()))) {
      Double x = a.metrics().get(k);
      Double y = b.metrics().get(k);
      if (!Objects.equals(x, y)) {
        out.add(new Change("classifier", "metric " + k, fmt(x), fmt(y), false));
      }
    }
  }

  private static void rules(CalibrationBundle a, CalibrationBundle b, List<Change> out) {
    Map<String, SurgeRule> ra = byScope(a);
    Map<String, SurgeRule> rb = byScope(b);
    for (String k : new TreeSet<>(union(ra.keySet(), rb.keySet()))) {
      SurgeRule x = ra.get(k);
      SurgeRule y = rb.get(k);
      if (x == null) {
        out.add(new Change("surgeRule", k, "-", describe(y), true));
        continue;
      }
      if (y == null) {
        out.add(new Change("surgeRule", k, describe(x), "- (falls back to a wider rule)", true));
        continue;
      }
      if (!x.detector().equals(y.detector())) {
        out.add(new Change("surgeRule", k + " detector (swapped)", x.detector(), y.detector(), true));
      }
      if (x.bucketSeconds() != y.bucketSeconds()) {
        out.add(new Change("surgeRule", k + " bucketSeconds", fmt(x.bucketSeconds()), fmt(y.bucketSeconds()), true));
      }
      for (String p : new TreeSet<>(union(x.parameters().keySet(), y.parameters().keySet()))) {
        Object px = x.parameters().get(p);
        Object py = y.parameters().get(p);
        if (!Objects.equals(px == null ? null : px.toString(), py == null ? null : py.toString())) {
          out.add(new Change("surgeRule", k + " parameter " + p, str(px), str(py), true));
        }
      }
      if (x.threshold() != y.threshold()) {
        out.add(new Change("surgeRule", k + " threshold", fmt(x.threshold()), fmt(y.threshold()), true));
      }
      if (!Objects.equals(x.expectedFalseAlarmsPerWeek(), y.expectedFalseAlarmsPerWeek())) {
        out.add(new Change("surgeRule", k + " expected false alarms a week", fmt(x.expectedFalseAlarmsPerWeek()),
            fmt(y.expectedFalseAlarmsPerWeek()), false));
      }
      if (!Objects.equals(x.validatedScore(), y.validatedScore())) {
        out.add(new Change("surgeRule", k + " validated score", fmt(x.validatedScore()), fmt(y.validatedScore()), false));
      }
      if (!Objects.equals(x.medianLeadTimeMinutes(), y.medianLeadTimeMinutes())) {
        out.add(new Change("surgeRule", k + " median lead time (min)", fmt(x.medianLeadTimeMinutes()),
            fmt(y.medianLeadTimeMinutes()), false));
      }
    }
  }

  private static void targets(CalibrationBundle a, CalibrationBundle b, List<Change> out) {
    Map<String, MilestoneTarget> ta = new LinkedHashMap<>();
    Map<String, MilestoneTarget> tb = new LinkedHashMap<>();
    if (a.responseTargets() != null) {
      a.responseTargets().milestones().forEach(m -> ta.put(m.milestone(), m));
    }
    if (b.responseTargets() != null) {
      b.responseTargets().milestones().forEach(m -> tb.put(m.milestone(), m));
    }
    for (String k : new TreeSet<>(union(ta.keySet(), tb.keySet()))) {
      MilestoneTarget x = ta.get(k);
      MilestoneTarget y = tb.get(k);
      if (x == null || y == null) {
        out.add(new Change("responseTarget", k, x == null ? "-" : "SLA " + fmt(x.slaMinutes()) + " min",
            y == null ? "-" : "SLA " + fmt(y.slaMinutes()) + " min", true));
        continue;
      }
      if (!Objects.equals(x.slaMinutes(), y.slaMinutes())) {
        out.add(new Change("responseTarget", k + " SLA (min)", fmt(x.slaMinutes()), fmt(y.slaMinutes()), true));
      }
      if (!Objects.equals(x.planP90Minutes(), y.planP90Minutes())) {
        out.add(new Change("responseTarget", k + " plan p90 (min)", fmt(x.planP90Minutes()), fmt(y.planP90Minutes()), false));
      }
      if (!Objects.equals(x.breachProbability(), y.breachProbability())) {
        out.add(new Change("responseTarget", k + " P(breach SLA)", fmt(x.breachProbability()), fmt(y.breachProbability()), false));
      }
    }
  }

  private static Map<String, SurgeRule> byScope(CalibrationBundle b) {
    Map<String, SurgeRule> m = new LinkedHashMap<>();
    for (SurgeRule r : b.surgeRules()) {
      m.put(r.scope() + " " + r.series(), r);
    }
    return m;
  }

  private static String describe(SurgeRule r) {
    return r.detector() + " " + r.parameters() + " threshold " + fmt(r.threshold()) + ", "
        + fmt(r.expectedFalseAlarmsPerWeek()) + " false alarms/week";
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return s;
  }

  private static String str(Object o) {
    return o == null ? "-" : o.toString();
  }

  private static String signed(double d) {
    return String.format(Locale.ROOT, "%+.4g", d);
  }

  static String fmt(Number d) {
    if (d == null) {
      return "-";
    }
    double v = d.doubleValue();
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
