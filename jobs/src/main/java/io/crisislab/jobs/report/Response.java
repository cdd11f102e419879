package io.crisislab.jobs.report;

import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.sim.Comparison;
import io.crisislab.models.sim.Model;
import io.crisislab.models.sim.Plan;
import io.crisislab.models.sim.Results;
import io.crisislab.models.sim.Scenario;
import io.crisislab.models.sim.Simulator;
import io.crisislab.models.stats.Stats;
import io.crisislab.models.stats.Stats.Estimate;
import io.crisislab.models.sim.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the plan responds to one incident <em>from the moment the tuned rule alerted</em>: the simulate
 * run's plan(s) and scenario, re-run with the Spark-free simulator ({@code models/sim}) with the
 * clock starting at that incident's alert (so its weekday, hour and the team's working hours apply)
 * and the inbound surge scaled to the incident's own negative posts. SLAs count from the first
 * negative signal, so the alert delay is added to every simulated time before comparing.
 */
final class Response {
  /** Replications per plan and incident: p90 intervals of a few percent, seconds of compute. */
  static final int REPLICATIONS = 1000;
  /** The milestones the summary shows, in this order. */
  static final List<String> SHOWN = List.of("holding_statement", "first_public_answer");

  private Response() {}

  /**
   * What to simulate: the last simulate run's plans and scenario.
   *
   * @param planB the compared plan, or null
   * @param seed the simulate run's seed (each incident derives its own)
   */
  record Setup(Plan planA, Plan planB, Scenario scenario, long seed, String runId) {}

  /** A milestone's time from the first negative signal, and its SLA (null when the scenario sets none). */
  record Milestone(String milestone, Estimate p50Minutes, Estimate p90Minutes, String slaLabel, Double slaMinutes,
      Estimate breachProbability) {}

  record PlanResponse(String plan, List<Milestone> milestones) {}

  /**
   * @param change the paired effect of switching to plan B on the focus milestone's p90 (B − A, minutes), or null
   */
  record Result(Instant clockStartsAt, double alertDelayMinutes, double inboundMessages, boolean ownVolume,
      List<PlanResponse> plans, String focus, Estimate change) {}

  /** The setup from the last simulate run whose manifest names a plan and scenario, or null (with a warning). */
  static Setup setup(Report r, List<RunInfo> runs) {
    RunInfo sim = runs.stream().filter(x -> x.job().equals("simulate")).reduce((a, b) -> b).orElse(null);
    if (sim == null || !(sim.manifest().config().get("job") instanceof Map<?, ?> cfg) || cfg.get("plan") == null
        || cfg.get("scenario") == null) {
      return null;
    }
    try {
      Plan a = Plan.load(sim.configPath(cfg.get("plan")));
      Plan b = cfg.get("compareWith") == null ? null : Plan.load(sim.configPath(cfg.get("compareWith")));
      Scenario s = Scenario.load(sim.configPath(cfg.get("scenario")));
      Long seed = sim.manifest().seeds().get("master");
      return new Setup(a, b, s, seed == null ? 42 : seed, sim.runId());
    } catch (RuntimeException e) {
      r.warn("simulate run " + sim.runId() + ": its plan or scenario could not be read again (" + e.getMessage()
          + "); the summary shows no per-incident response");
      return null;
    }
  }

  /**
   * Simulates the response to {@code inc}, or returns null when the rule never alerted (no clock start).
   *
   * @param negativePosts the incident's negative posts (inbound volume), or null to keep the scenario's
   */
  static Result simulate(Setup s, Incidents.Incident inc, Long negativePosts) {
    if (inc.firstAlert() == null) {
      return null;
    }
    double delay = inc.alertDelayMinutes();
    Scenario sc = s.scenario();
    double expected = sc.expectedMessages();
    boolean ownVolume = negativePosts != null && negativePosts > 0 && expected > 0;
    double factor = ownVolume ? negativePosts / expected : 1.0;
    List<Scenario.Segment> segments = new ArrayList<>();
    for (Scenario.Segment g : sc.segments()) {
      segments.add(new Scenario.Segment(g.fromMinutes(), g.toMinutes(), g.perMinute() * factor));
    }
    Scenario own = new Scenario(sc.name() + ", incident " + inc.number(), inc.firstAlert().getEpochSecond() / 60, 0,
        sc.zone(), sc.severityLevels(), sc.severityProbs(), segments, sc.warmupMinutes(), sc.horizonMinutes(),
        sc.slas(), sc.focus(), sc.injects());
    long seed = s.seed() * 1_000_003L + inc.number();
    Model ma = new Model(s.planA(), own);
    Results ra = Simulator.columns(ma, seed, REPLICATIONS, 2);
    List<PlanResponse> plans = new ArrayList<>();
    plans.add(new PlanResponse(s.planA().name(), milestones(ma, ra, seed, delay)));
    Estimate change = null;
    if (s.planB() != null) {
      Model mb = new Model(s.planB(), own);
      Results rb = Simulator.columns(mb, seed, REPLICATIONS, 2);
      plans.add(new PlanResponse(s.planB().name(), milestones(mb, rb, seed, delay)));
      for (Comparison.MilestoneDiff d : Comparison.of(ma, ra, mb, rb, seed).milestones()) {
        if (d.milestone().equals(ma.focus())) {
          change = d.p90DiffMinutes();
        }
      }
    }
    return new Result(inc.firstAlert(), delay, expected * factor, ownVolume, plans, ma.focus(), change);
  }

  private static List<Milestone> milestones(Model m, Results res, long seed, double delay) {
    Summary sum = Summary.of(m, res, seed);
    List<Milestone> out = new ArrayList<>();
    for (String name : SHOWN) {
      Summary.MilestoneStats st = sum.milestones().stream().filter(x -> x.milestone().equals(name)).findFirst().orElse(null);
      if (st == null) {
        continue;
      }
      // the tightest SLA on this milestone is the one a PR lead is held to
      Scenario.Sla sla = m.scenario().slas().stream().filter(x -> x.milestone().equals(name))
          .min((x, y) -> Double.compare(x.withinMinutes(), y.withinMinutes())).orElse(null);
      Estimate breach = null;
      if (sla != null) {
        long n = 0;
        long late = 0;
        for (double v : res.milestone(m, name)) {
          if (!Double.isNaN(v)) { // NaN: skipped at this severity; Infinity: not reached, a breach
            n++;
            late += delay + v > sla.withinMinutes() ? 1 : 0;
          }
        }
        breach = Stats.proportion(late, n);
      }
      out.add(new Milestone(name, shift(st.p50Minutes(), delay), shift(st.p90Minutes(), delay),
          sla == null ? null : sla.label(), sla == null ? null : sla.withinMinutes(), breach));
    }
    return out;
  }

  private static Estimate shift(Estimate e, double by) {
    return e == null || e.value() == null ? e : new Estimate(e.value() + by,
        e.ci95Low() == null ? null : e.ci95Low() + by, e.ci95High() == null ? null : e.ci95High() + by);
  }
}
