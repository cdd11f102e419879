package io.crisislab.models.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.stats.Stats.Estimate;
import io.crisislab.models.stats.Stats;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

/**
 * The engine against closed forms: each exact value must lie inside the simulation's 95% interval
 * (fixed seeds, so the outcome is deterministic; with 95% intervals about one check in twenty would
 * fail by chance for an arbitrary seed, and the seeds here were not tuned).
 */
class ClosedFormTest {
  static final String ONE_STEP = """
      name: one exponential step
      roles:
        desk: {calendar: always}
      steps:
        - {id: work, role: desk, duration: {exponential: {mean: 30}}, milestone: done}
      """;

  static final String SCENARIO_NO_INBOUND = """
      name: fixed start
      start: 2026-01-05T00:00:00Z
      """;

  @Test
  void singleExponentialStepMeanAndQuantiles() {
    Model m = new Model(Plan.parse(ONE_STEP, "one.yaml"), Scenario.parse(SCENARIO_NO_INBOUND, "s.yaml"));
    Results r = Simulator.columns(m, 11, 4000, 2);
    Summary.MilestoneStats s = Summary.of(m, r, 11).milestones().get(0);
    assertEquals(4000, s.n());
    assertCovers(s.meanMinutes(), 30, "mean");
    assertCovers(s.p50Minutes(), 30 * Math.log(2), "p50");
    assertCovers(s.p90Minutes(), 30 * Math.log(10), "p90");
    assertCovers(s.p99Minutes(), 30 * Math.log(100), "p99");
    // and the interval is informative: ± a few percent, not [0, inf)
    assertTrue(s.meanMinutes().ci95High() - s.meanMinutes().ci95Low() < 4, s.meanMinutes().toString());
  }

  @Test
  void chainOfStepsAddsMeans() {
    String plan = """
        name: chain
        roles:
          desk: {headcount: 1, calendar: always}
        steps:
          - {id: a, role: desk, duration: {exponential: {mean: 10}}}
          - {id: b, role: desk, after: [a], duration: {triangular: {min: 5, mode: 10, max: 30}}}
          - {id: c, role: desk, after: [b], duration: {gamma: {shape: 2, mean: 20}}}
          - {id: d, role: desk, after: [c], duration: 7, milestone: done}
        """;
    Model m = new Model(Plan.parse(plan, "chain.yaml"), Scenario.parse(SCENARIO_NO_INBOUND, "s.yaml"));
    Summary.MilestoneStats s = Summary.of(m, Simulator.columns(m, 12, 4000, 2), 12).milestones().get(0);
    assertCovers(s.meanMinutes(), 10 + 15 + 20 + 7, "sum of means");
  }

  /** Erlang C: mean wait in queue of M/M/c with arrival rate lambda, service rate mu. */
  static double erlangCWait(double lambda, double mu, int c) {
    double a = lambda / mu;
    double rho = a / c;
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += Math.pow(a, k) / CombinatoricsUtils.factorialDouble(k);
    }
    double top = Math.pow(a, c) / CombinatoricsUtils.factorialDouble(c) / (1 - rho);
    double pWait = top / (sum + top);
    return pWait / (c * mu - lambda);
  }

  @Test
  void messageQueueIsMMcAndMatchesErlangC() {
    String plan = """
        name: M/M/3 inbox
        roles:
          inbox:
            calendar: always
            messages: {agents: 3, handle: {exponential: {mean: 10}}}
        steps:
          - {id: start, role: inbox, duration: 0, milestone: started}
        inbound: {handled_by: [inbox]}
        """;
    // lambda = 0.24/min (14.4 an hour), mu = 0.1/min, c = 3: rho = 0.8
    String scenario = """
        name: steady Poisson stream
        start: 2026-01-05T00:00:00Z
        horizon_hours: 1000
        inbound:
          segments: [{from_minutes: 0, to_minutes: 20000, per_hour: 14.4}]
          warmup_minutes: 1000
        """;
    Model m = new Model(Plan.parse(plan, "mmc.yaml"), Scenario.parse(scenario, "mmc-s.yaml"));
    Results r = Simulator.columns(m, 13, 160, 2);
    Estimate wait = Stats.mean(r.waitMean);
    double exact = erlangCWait(0.24, 0.1, 3);
    assertEquals(10.79, exact, 0.01, "Erlang C for a = 2.4, c = 3");
    assertCovers(wait, exact, "mean wait in queue");
    assertTrue(wait.ci95High() - wait.ci95Low() < 0.2 * exact, "interval too wide to mean anything: " + wait);
    // every message is answered: nothing is lost, ignored or left over
    for (int i = 0; i < r.size(); i++) {
      assertEquals(r.messagesArrived[i], r.messagesAnswered[i]);
    }
    assertCovers(Stats.mean(r.messagesArrived), 0.24 * 20000, "arrivals per replication");
  }

  @Test
  void uniformStartOverAWeekWaitsForTheNextOpeningAsComputedByHand() {
    String plan = """
        name: business hours only
        roles:
          office:
            calendar: {zone: UTC, days: [mon, tue, wed, thu, fri], hours: "09:00-17:00"}
        steps:
          - {id: reply, role: office, duration: 0, milestone: replied}
        """;
    String scenario = """
        name: any time in the week
        start: 2026-01-05T00:00:00Z
        start_jitter_hours: 168
        """;
    // a week has 10080 minutes; open 5 x 480; closed gaps: four nights of 16 h (960 min) and the
    // weekend Fri 17:00 -> Mon 09:00 of 64 h (3840 min). A uniform arrival waits g/2 on average in a gap g:
    // E[wait] = sum g^2 / 2 / 10080 = (4 * 960^2 + 3840^2) / 2 / 10080 = 914.2857 minutes.
    double byHand = (4 * 960.0 * 960 + 3840.0 * 3840) / 2 / 10080;
    assertEquals(914.2857, byHand, 1e-4);
    Model m = new Model(Plan.parse(plan, "office.yaml"), Scenario.parse(scenario, "week.yaml"));
    Results r = Simulator.columns(m, 14, 20000, 2);
    Summary.MilestoneStats s = Summary.of(m, r, 14).milestones().get(0);
    assertCovers(s.meanMinutes(), byHand, "mean wait to the next opening");
    // P(no wait) = open share of the week = 2400 / 10080; the median is then inside the weekend-or-night mix
    long zero = 0;
    for (double v : r.milestones[0]) {
      if (v == 0) {
        zero++;
      }
    }
    assertTrue(Stats.proportion(zero, r.size()).covers(2400.0 / 10080), "share with no wait " + zero);
  }

  static void assertCovers(Estimate e, double exact, String what) {
    assertTrue(e.covers(exact), what + ": exact " + exact + " outside 95% interval " + e);
  }
}
