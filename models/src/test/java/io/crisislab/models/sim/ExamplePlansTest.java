package io.crisislab.models.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example plans in data/plans: reproducibility, the comparison, the tabletop script. */
class ExamplePlansTest {
  static Path home() {
    String h = System.getProperty("crisislab.home");
    return h != null ? Path.of(h) : Path.of("..");
  }

  static Model model(String plan, String scenario) {
    Plan p = Plan.load(home().resolve("data/plans").resolve(plan));
    Scenario s = Scenario.load(home().resolve("data/scenarios").resolve(scenario));
    s.checkAgainst(p, scenario);
    return new Model(p, s);
  }

  static final String BASE = "brand-crisis-12-step.yaml";
  static final String LEGAL = "brand-crisis-on-call-legal.yaml";
  static final String SAT = "saturday-2am-surge.yaml";

  @Test
  void examplePlanHasTwelveStepsAndTheSurgeTwoThousandMessages() {
    Model m = model(BASE, SAT);
    assertEquals(12, m.plan().steps().size());
    assertEquals(2000, m.scenario().expectedMessages(), 1e-9);
    Results r = Simulator.columns(m, 1, 200, 2);
    Summary s = Summary.of(m, r, 1);
    assertTrue(s.messages().arrivedMessages().covers(2000), s.messages().toString());
    // a Saturday 02:00 start with legal on weekdays only: the holding statement mostly waits for Monday
    Summary.MilestoneStats hs = s.milestones().stream().filter(x -> x.milestone().equals("holding_statement"))
        .findFirst().orElseThrow();
    assertTrue(hs.p90Minutes().value() > 48 * 60, hs.toString());
    // critical-path shares add up to 1
    double share = s.bottlenecks().byRole().stream().mapToDouble(x -> x.share().value()).sum();
    assertEquals(1, share, 1e-9);
    assertEquals("legal", s.bottlenecks().byRole().get(0).name(), s.bottlenecks().toString());
  }

  @Test
  void sameSeedGivesIdenticalSummaryWhateverTheThreads() {
    Model m = model(BASE, SAT);
    String a = Json.write(Summary.of(m, Simulator.columns(m, 7, 150, 1), 7));
    String b = Json.write(Summary.of(m, Simulator.columns(m, 7, 150, 2), 7));
    String c = Json.write(Summary.of(m, Simulator.columns(m, 8, 150, 2), 7));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void replicationRerunAloneIsIdentical() {
    Model m = model(BASE, SAT);
    List<Replication> batch = Simulator.run(m, 5, 0, 60);
    Replication alone = new Engine(m, 5).run(37);
    assertEquals(batch.get(37).toString(), alone.toString());
    assertEquals(37, alone.index());
    // and a fresh engine after other work gives it again
    Engine e = new Engine(m, 5);
    e.run(3);
    e.run(59);
    assertEquals(alone, e.run(37));
  }

  @Test
  void onCallLegalCutsTheHoldingStatementWithAnIntervalExcludingZero() {
    Model a = model(BASE, SAT);
    Model b = model(LEGAL, SAT);
    int n = 400;
    Comparison c = Comparison.of(a, Simulator.columns(a, 3, n, 2), b, Simulator.columns(b, 3, n, 2), 3);
    Comparison.MilestoneDiff hs = c.milestones().stream().filter(x -> x.milestone().equals("holding_statement"))
        .findFirst().orElseThrow();
    assertTrue(hs.p90DiffMinutes().excludesZero(), hs.toString());
    assertTrue(hs.p90DiffMinutes().value() < 0, hs.toString());
    assertTrue(hs.meanDiffMinutes().excludesZero() && hs.meanDiffMinutes().ci95High() < 0, hs.toString());
    // common random numbers: steps before legal review are identical in both plans
    Comparison.MilestoneDiff sev = c.milestones().stream().filter(x -> x.milestone().equals("severity_set"))
        .findFirst().orElseThrow();
    assertEquals(0, sev.meanDiffMinutes().value(), 1e-9);
    assertFalse(c.headline().isEmpty());
    assertTrue(c.headline().stream().anyMatch(s -> s.contains("cuts p90 time to holding_statement")), c.headline().toString());
  }

  @Test
  void tabletopScriptReadsLikeAnMsel() {
    Model m = model(BASE, SAT);
    String md = Tabletop.script(m, 42, 0);
    assertTrue(md.contains("## Master Scenario Events List"), md);
    assertTrue(md.contains("| Sat 02:00 | 0m | First negative signal"), md);
    assertTrue(md.contains("paged"), md);
    assertTrue(md.contains("A journalist"), md);
    assertTrue(md.contains("## Suggested ratings (P/S/M/U)"), md);
    assertEquals(md, Tabletop.script(m, 42, 0));
  }

  @Test
  void sensitivityTableRanksLegalReviewAmongTheLargest() {
    Model m = model(LEGAL, SAT);
    Summary.Sensitivity s = Simulator.sensitivity(m, 9, 30);
    assertEquals("holding_statement", s.milestone());
    assertEquals(m.durationItems().size(), s.rows().size());
    // a 25% longer duration never makes the milestone earlier on common random numbers for a fixed step
    Summary.SensitivityRow fixed = s.rows().stream().filter(r -> r.item().equals("step:publish_holding"))
        .findFirst().orElseThrow();
    assertEquals(2.5, fixed.plus25MeanDeltaMinutes().value(), 1e-9);
    assertEquals(-2.5, fixed.minus25MeanDeltaMinutes().value(), 1e-9);
    // inbox handling time does not move the holding statement at all
    Summary.SensitivityRow handle = s.rows().stream().filter(r -> r.item().equals("handle:support"))
        .findFirst().orElseThrow();
    assertEquals(0, handle.plus25MeanDeltaMinutes().value(), 1e-9);
  }
}
