package io.crisislab.jobs.simulate;

import io.crisislab.models.sim.Comparison;
import io.crisislab.models.sim.Summary;
import io.crisislab.models.stats.Stats;
import java.util.Locale;

/** {@code comparison.md}: the short human-readable comparison written next to {@code comparison.json}. */
final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  /** The page for {@code c}: headline, per-milestone differences, SLA breach probabilities. */
  static String of(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(c.planB()).append(" vs ").append(c.planA()).append("\n\n");
    sb.append("Scenario: ").append(c.scenario()).append(". ").append(c.replications())
        .append(" paired replications (common random numbers), seed ").append(c.seed())
        .append(". Differences are B − A in minutes with 95% intervals; negative means B is faster.\n\n");
    for (String h : c.headline()) {
      sb.append("- **").append(h).append("**\n");
    }
    sb.append("\n| milestone | n | mean A | mean B | Δ mean (95% CI) | p90 A | p90 B | Δ p90 (95% CI) |\n");
    sb.append("|---|---:|---:|---:|---|---:|---:|---|\n");
    for (Comparison.MilestoneDiff d : c.milestones()) {
      sb.append("| ").append(d.milestone()).append(" | ").append(d.n()).append(" | ").append(r(d.meanAMinutes()))
          .append(" | ").append(r(d.meanBMinutes())).append(" | ").append(ci(d.meanDiffMinutes())).append(" | ")
          .append(r(d.p90AMinutes())).append(" | ").append(r(d.p90BMinutes())).append(" | ")
          .append(ci(d.p90DiffMinutes())).append(" |\n");
    }
    sb.append("\n| SLA | P(breach) A | P(breach) B |\n|---|---|---|\n");
    for (Comparison.SlaDiff s : c.slas()) {
      sb.append("| ").append(s.label()).append(" | ").append(p(s.breachProbabilityA())).append(" | ")
          .append(p(s.breachProbabilityB())).append(" |\n");
    }
    return sb.toString();
  }

  private static String r(Double v) {
    return v == null ? "–" : Summary.readable(v);
  }

  private static String ci(Stats.Estimate e) {
    if (e.value() == null) {
      return "–";
    }
    return Summary.readable(e.value()) + " (" + r(e.ci95Low()) + " … " + r(e.ci95High()) + ")";
  }

  private static String p(Stats.Estimate e) {
    if (e.value() == null) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", e.value(), e.ci95Low(), e.ci95High());
  }
}
