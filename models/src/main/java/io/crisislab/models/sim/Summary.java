package io.crisislab.models.sim;

import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.stats.Stats.Estimate;
import io.crisislab.models.stats.Stats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.json} of a simulation run: per milestone mean, p50, p90, p99 with 95% intervals
 * (minutes since the first negative signal), inbound-message figures, SLA breach probabilities,
 * critical-path attribution by role and step, and the ±25% sensitivity table.
 *
 * <p>Deterministic: built from replication-ordered columns only, so the same seed gives the same bytes.
 *
 * @param format format id, bumped when fields change
 * @param plan plan name
 * @param scenario scenario name
 * @param seed master seed
 * @param replications replications run
 * @param events engine events processed in total
 * @param milestones per milestone
 * @param messages inbound-message figures (null when the scenario has no inbound messages)
 * @param slas per SLA of the scenario
 * @param bottlenecks critical-path attribution
 * @param focus the milestone the sensitivity table is about
 * @param sensitivity ±25% per duration (null when not computed)
 */
public record Summary(String format, String plan, String scenario, long seed, long replications, long events,
    List<MilestoneStats> milestones, MessageStats messages, List<SlaStats> slas, Bottlenecks bottlenecks,
    String focus, Sensitivity sensitivity) {
  /** v2: bottleneck figures and the sensitivity base values are estimates with n and a 95% interval. */
  public static final String FORMAT = "crisislab-simulate-summary/2";

  /**
   * One milestone. Statistics are over replications that reached it; {@code skipped} did not need it
   * (severity), {@code notReachedWithinHorizon} ran out of time.
   */
  public record MilestoneStats(String milestone, long n, long skipped, long notReachedWithinHorizon,
      Estimate meanMinutes, Estimate p50Minutes, Estimate p90Minutes, Estimate p99Minutes, String p90Readable) {}

  /** Inbound messages: means over replications of per-replication figures, with 95% intervals. */
  public record MessageStats(long n, Estimate arrivedMessages, Estimate answeredShare, Estimate backlogPeakMessages,
      Estimate backlogPeakP90Messages, Estimate waitMeanMinutes, Estimate waitP90Minutes, Estimate waitMaxMinutes,
      Estimate firstReplyMinutes) {}

  /**
   * P(milestone later than the deadline) over replications where the milestone applies (not skipped);
   * not reaching it within the horizon counts as a breach.
   */
  public record SlaStats(String milestone, String label, double withinMinutes, long n, Estimate breachProbability) {}

  /**
   * Share of critical-path time, by role and by step, over the n replications: means with Student-t
   * intervals, shares as ratios of means with delta-method intervals ({@link Stats#ratio}, clipped to [0, 1]).
   *
   * @param n replications
   * @param meanCriticalPathMinutes mean critical-path length
   */
  public record Bottlenecks(long n, Estimate meanCriticalPathMinutes, List<Share> byRole, List<Share> byStep) {}

  /**
   * @param name role or step
   * @param role the step's role (null for role rows)
   * @param meanMinutes mean minutes it held the critical path
   * @param share of the mean critical-path length
   * @param waitingShare of its own critical time, the share spent waiting for people (closed, paged, busy)
   */
  public record Share(String name, String role, Estimate meanMinutes, Estimate share, Estimate waitingShare) {}

  /**
   * Sensitivity of the focus milestone to each duration ±25% (common random numbers, paired).
   *
   * @param replications replications run
   * @param n of those, replications that reached the milestone (the base figures' sample)
   * @param baseMeanMinutes the milestone's mean without changes (Student-t interval)
   * @param baseP90Minutes its p90 without changes (order-statistic interval)
   */
  public record Sensitivity(String milestone, long replications, long n, Estimate baseMeanMinutes,
      Estimate baseP90Minutes, List<SensitivityRow> rows) {}

  /**
   * @param item {@code step:<id>}, {@code ack:<role>} or {@code handle:<role>}
   * @param distribution what it is
   * @param minus25MeanDeltaMinutes change of the mean when the duration is 25% shorter
   * @param plus25MeanDeltaMinutes change of the mean when 25% longer
   * @param minus25P90DeltaMinutes change of p90, 25% shorter
   * @param plus25P90DeltaMinutes change of p90, 25% longer
   */
  public record SensitivityRow(String item, String distribution, Estimate minus25MeanDeltaMinutes,
      Estimate plus25MeanDeltaMinutes, Double minus25P90DeltaMinutes, Double plus25P90DeltaMinutes) {}

  /** Builds the summary (without sensitivity; see {@link #withSensitivity}). */
  public static Summary of(Model model, Results r, long seed) {
    List<MilestoneStats> ms = new ArrayList<>();
    for (int k = 0; k < model.milestones.length; k++) {
      ms.add(milestone(model.milestones[k], r.milestones[k]));
    }
    MessageStats msg = null;
    if (model.segFrom.length > 0) {
      double[] share = new double[r.size()];
      for (int i = 0; i < share.length; i++) {
        share[i] = r.messagesArrived[i] == 0 ? Double.NaN : r.messagesAnswered[i] / r.messagesArrived[i];
      }
      double[] peakSorted = r.backlogPeak.clone();
      Arrays.sort(peakSorted);
      msg = new MessageStats(r.size(), Stats.mean(r.messagesArrived), Stats.mean(Stats.finite(share)),
          Stats.mean(r.backlogPeak), Stats.quantileSorted(peakSorted, 0.9), Stats.mean(Stats.finite(r.waitMean)),
          Stats.mean(Stats.finite(r.waitP90)), Stats.mean(Stats.finite(r.waitMax)), Stats.mean(Stats.finite(r.firstReply)));
    }
    List<SlaStats> slas = new ArrayList<>();
    for (Scenario.Sla s : model.scenario.slas()) {
      double[] col = r.milestone(model, s.milestone());
      long n = 0;
      long breach = 0;
      for (double v : col) {
        if (!Double.isNaN(v)) {
          n++;
          if (v > s.withinMinutes()) {
            breach++;
          }
        }
      }
      String label = s.label() != null ? s.label() : s.milestone() + " within " + readable(s.withinMinutes());
      slas.add(new SlaStats(s.milestone(), label, s.withinMinutes(), n, Stats.proportion(breach, n)));
    }
    return new Summary(FORMAT, model.plan.name(), model.scenario.name(), seed, r.size(), r.events, ms, msg, slas,
        bottlenecks(model, r), model.focus(), null);
  }

  /** Reads a {@code summary.json}; a missing or foreign file is a DataException naming it. */
  public static Summary read(Path file) {
    return SimFiles.read(file, Summary.class, "simulation summary", FORMAT);
  }

  /**
   * What the plan promises, for the calibration bundle live tools load: per milestone the tightest SLA
   * of the scenario (if any) with its breach probability, the simulated p50 and p90, and staffing notes
   * from the critical-path attribution and the sensitivity table.
   */
  public CalibrationBundle.ResponseTargets responseTargets() {
    List<CalibrationBundle.MilestoneTarget> out = new ArrayList<>();
    for (MilestoneStats m : milestones) {
      SlaStats tightest = null;
      for (SlaStats s : slas) {
        if (s.milestone().equals(m.milestone()) && (tightest == null || s.withinMinutes() < tightest.withinMinutes())) {
          tightest = s;
        }
      }
      out.add(new CalibrationBundle.MilestoneTarget(m.milestone(),
          tightest == null ? null : tightest.withinMinutes(), m.p50Minutes().value(), m.p90Minutes().value(),
          tightest == null ? null : tightest.breachProbability().value()));
    }
    List<String> notes = new ArrayList<>();
    for (Share r : bottlenecks.byRole()) {
      if (r.share().value() != null && r.share().value() >= 0.2) {
        notes.add(String.format(Locale.ROOT, "%s holds %.0f%% of the critical path (mean %s), %.0f%% of it waiting "
            + "for people (closed desk, paging, busy)", r.name(), 100 * r.share().value(),
            readable(r.meanMinutes().value()), 100 * r.waitingShare().value()));
      }
    }
    if (sensitivity != null && !sensitivity.rows().isEmpty()) {
      SensitivityRow top = sensitivity.rows().get(0);
      if (top.minus25MeanDeltaMinutes().value() != null) {
        notes.add(String.format(Locale.ROOT, "cutting %s by 25%% moves the mean %s by %s", top.item(),
            sensitivity.milestone(), readable(top.minus25MeanDeltaMinutes().value())));
      }
    }
    return new CalibrationBundle.ResponseTargets(plan, scenario, out, notes);
  }

  /** This summary with a sensitivity table. */
  public Summary withSensitivity(Sensitivity s) {
    return new Summary(format, plan, scenario, seed, replications, events, milestones, messages, slas, bottlenecks,
        focus, s);
  }

  static MilestoneStats milestone(String name, double[] col) {
    long skipped = 0;
    long beyond = 0;
    for (double v : col) {
      if (Double.isNaN(v)) {
        skipped++;
      } else if (Double.isInfinite(v)) {
        beyond++;
      }
    }
    double[] f = Stats.finite(col);
    Arrays.sort(f);
    Estimate p90 = Stats.quantileSorted(f, 0.9);
    return new MilestoneStats(name, f.length, skipped, beyond, Stats.mean(f), Stats.quantileSorted(f, 0.5), p90,
        Stats.quantileSorted(f, 0.99), p90.value() == null ? null : readable(p90.value()));
  }

  static Bottlenecks bottlenecks(Model model, Results r) {
    int n = r.size();
    double[] total = new double[n];
    Map<String, double[][]> roles = new LinkedHashMap<>();
    List<Share> steps = new ArrayList<>();
    for (int s = 0; s < model.nSteps; s++) {
      String role = model.plan.steps().get(s).role();
      double[][] rc = roles.computeIfAbsent(role, k -> new double[2][n]);
      for (int i = 0; i < n; i++) {
        total[i] += r.cp[s][i];
        rc[0][i] += r.cp[s][i];
        rc[1][i] += r.cpWait[s][i];
      }
    }
    for (int s = 0; s < model.nSteps; s++) {
      steps.add(share(model.plan.steps().get(s).id(), model.plan.steps().get(s).role(), r.cp[s], r.cpWait[s], total));
    }
    List<Share> byRole = new ArrayList<>();
    for (Map.Entry<String, double[][]> e : roles.entrySet()) {
      byRole.add(share(e.getKey(), null, e.getValue()[0], e.getValue()[1], total));
    }
    Comparator<Share> bigFirst = Comparator.comparingDouble((Share x) -> x.meanMinutes().value() == null ? 0
        : x.meanMinutes().value()).reversed();
    byRole.sort(bigFirst);
    steps.sort(bigFirst);
    return new Bottlenecks(n, Stats.mean(total), byRole, steps);
  }

  /** One row: per replication, {@code critical} minutes on the critical path, {@code waiting} of them, of {@code total}. */
  private static Share share(String name, String role, double[] critical, double[] waiting, double[] total) {
    return new Share(name, role, Stats.mean(critical), unit(Stats.ratio(critical, total)),
        unit(Stats.ratio(waiting, critical)));
  }

  /** A share's interval clipped to [0, 1] (the normal approximation can leave it). */
  private static Estimate unit(Estimate e) {
    return new Estimate(e.value(), e.ci95Low() == null ? null : Math.max(0, e.ci95Low()),
        e.ci95High() == null ? null : Math.min(1, e.ci95High()));
  }

  /**
   * The sensitivity table from the base column and, per item, the columns at ×0.75 and ×1.25
   * (same replications, so differences are paired).
   */
  public static Sensitivity sensitivity(Model model, String milestone, double[] base,
      Map<String, double[][]> variants) {
    Map<String, String> items = model.durationItems();
    List<SensitivityRow> rows = new ArrayList<>();
    double[] bf = Stats.finite(base);
    Arrays.sort(bf);
    Estimate p90 = Stats.quantileSorted(bf, 0.9);
    double baseP90 = p90.value() == null ? Double.NaN : p90.value();
    for (Map.Entry<String, double[][]> e : variants.entrySet()) {
      double[] lo = e.getValue()[0];
      double[] hi = e.getValue()[1];
      rows.add(new SensitivityRow(e.getKey(), items.get(e.getKey()), Stats.pairedMeanDiff(base, lo),
          Stats.pairedMeanDiff(base, hi), Stats.fin(p90(lo) - baseP90), Stats.fin(p90(hi) - baseP90)));
    }
    rows.sort(Comparator.comparingDouble((SensitivityRow s) -> -Math.abs(
        (s.plus25MeanDeltaMinutes().value() == null ? 0 : s.plus25MeanDeltaMinutes().value())
        - (s.minus25MeanDeltaMinutes().value() == null ? 0 : s.minus25MeanDeltaMinutes().value())))
        .thenComparing(SensitivityRow::item));
    return new Sensitivity(milestone, base.length, bf.length, Stats.mean(bf), p90, rows);
  }

  private static double p90(double[] x) {
    double[] f = Stats.finite(x);
    return f.length == 0 ? Double.NaN : Stats.quantileInPlace(f, f.length, 0.9);
  }

  /** Minutes as "3h10m", "45m", "2d4h". */
  public static String readable(double minutes) {
    if (!Double.isFinite(minutes)) {
      return "never";
    }
    long m = Math.round(Math.abs(minutes));
    String sign = minutes < 0 && m > 0 ? "-" : "";
    if (m < 60) {
      return sign + m + "m";
    }
    if (m < 1440) {
      return sign + String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60);
    }
    long h = Math.round(m / 60.0);
    return sign + String.format(Locale.ROOT, "%dd%02dh", h / 24, h % 24);
  }
}
