package io.crisislab.models.sim;

import io.crisislab.models.stats.Stats.Estimate;
import io.crisislab.models.stats.Stats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code comparison.json}: plan B against plan A on the same scenario, seed and replications, so
 * every source of randomness the plans share (same step id, role or the arrivals) draws the same
 * numbers (common random numbers) and differences are paired per replication.
 *
 * @param format format id
 * @param planA the baseline plan's name
 * @param planB the alternative's name
 * @param scenario scenario name
 * @param seed master seed
 * @param replications replications per plan
 * @param milestones per milestone both plans mark
 * @param slas per SLA: breach probabilities of A and B
 * @param headline one sentence per milestone whose p90 difference excludes zero
 */
public record Comparison(String format, String planA, String planB, String scenario, long seed, long replications,
    List<MilestoneDiff> milestones, List<SlaDiff> slas, List<String> headline) {
  public static final String FORMAT = "crisislab-simulate-comparison/1";

  /** Bootstrap resamples for the p90 difference interval. */
  public static final int RESAMPLES = 400;

  /**
   * Differences are B − A (negative: B is faster), over replications where both reached the milestone.
   */
  public record MilestoneDiff(String milestone, long n, Double meanAMinutes, Double meanBMinutes,
      Estimate meanDiffMinutes, Double p90AMinutes, Double p90BMinutes, Estimate p90DiffMinutes, String sentence) {}

  /** Breach probabilities of one SLA under each plan. */
  public record SlaDiff(String label, Estimate breachProbabilityA, Estimate breachProbabilityB) {}

  /** Reads a {@code comparison.json}; a missing or foreign file is a DataException naming it. */
  public static Comparison read(Path file) {
    return SimFiles.read(file, Comparison.class, "simulation comparison", FORMAT);
  }

  /** Builds the comparison from both plans' columns (same replication indices, same order). */
  public static Comparison of(Model a, Results ra, Model b, Results rb, long seed) {
    List<MilestoneDiff> out = new ArrayList<>();
    List<String> headline = new ArrayList<>();
    Summary sa = Summary.of(a, ra, seed);
    Summary sb = Summary.of(b, rb, seed);
    for (String m : a.milestones()) {
      if (!b.milestones().contains(m)) {
        continue;
      }
      double[] xa = ra.milestone(a, m);
      double[] xb = rb.milestone(b, m);
      long n = 0;
      for (int i = 0; i < xa.length; i++) {
        if (Double.isFinite(xa[i]) && Double.isFinite(xb[i])) {
          n++;
        }
      }
      Estimate md = Stats.pairedMeanDiff(xa, xb);
      Estimate pd = Stats.pairedQuantileDiff(xa, xb, 0.9, RESAMPLES,
          new Streams.SplitMix(Streams.seed(seed, Streams.sourceId("compare:" + m), 0)));
      Summary.MilestoneStats msa = find(sa, m);
      Summary.MilestoneStats msb = find(sb, m);
      String sentence = sentence(b.plan().name(), m, pd);
      if (pd.excludesZero()) {
        headline.add(sentence);
      }
      out.add(new MilestoneDiff(m, n, msa.meanMinutes().value(), msb.meanMinutes().value(), md,
          msa.p90Minutes().value(), msb.p90Minutes().value(), pd, sentence));
    }
    List<SlaDiff> slas = new ArrayList<>();
    for (int i = 0; i < sa.slas().size(); i++) {
      Summary.SlaStats x = sa.slas().get(i);
      for (Summary.SlaStats y : sb.slas()) {
        if (y.milestone().equals(x.milestone()) && y.withinMinutes() == x.withinMinutes()) {
          slas.add(new SlaDiff(x.label(), x.breachProbability(), y.breachProbability()));
        }
      }
    }
    return new Comparison(FORMAT, a.plan().name(), b.plan().name(), a.scenario().name(), seed, ra.size(), out, slas,
        headline);
  }

  private static Summary.MilestoneStats find(Summary s, String m) {
    for (Summary.MilestoneStats x : s.milestones()) {
      if (x.milestone().equals(m)) {
        return x;
      }
    }
    throw new IllegalArgumentException(m);
  }

  /** "on-call legal cuts p90 time to holding_statement by 3h10m ± 12m". */
  static String sentence(String planB, String milestone, Estimate d) {
    if (d.value() == null || d.ci95Low() == null) {
      return planB + ": p90 time to " + milestone + " not comparable (too few replications reached it)";
    }
    double half = (d.ci95High() - d.ci95Low()) / 2;
    if (d.value() == 0 && half == 0) {
      return planB + " leaves p90 time to " + milestone + " unchanged";
    }
    String verb = d.value() < 0 ? "cuts" : "adds";
    String what = d.excludesZero() ? "" : " (not significant: the 95% interval includes 0)";
    return String.format(Locale.ROOT, "%s %s p90 time to %s by %s ± %s%s", planB, verb, milestone,
        Summary.readable(Math.abs(d.value())), Summary.readable(half), what);
  }
}
