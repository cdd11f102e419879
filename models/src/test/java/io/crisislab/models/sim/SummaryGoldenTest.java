package io.crisislab.models.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * summary.json and comparison.json formats pinned by golden files: field names, order, units and
 * the exact numbers of a small seeded run. Regenerate deliberately with -Dcrisislab.golden.update=true
 * (then bump the format id if a field changed).
 */
class SummaryGoldenTest {
  static final String PLAN = """
      name: golden
      roles:
        desk: {headcount: 1, calendar: always}
        inbox:
          calendar: {zone: UTC, days: [mon, tue, wed, thu, fri], hours: "09:00-17:00"}
          on_call: {acknowledge: {exponential: {mean: 20}}}
          messages: {agents: 2, off_hours_agents: 1, handle: {triangular: {min: 2, mode: 4, max: 10}}}
      steps:
        - {id: detect, role: desk, duration: {exponential: {mean: 10}}, milestone: detected}
        - {id: draft, role: desk, after: [detect], duration: {triangular: {min: 10, mode: 20, max: 40}}}
        - id: approve
          role: inbox
          after: [draft]
          duration: {empirical: [5, 10, 30]}
          when: {severity_at_least: 2}
          rework: {probability: 0.3, back_to: draft}
        - {id: publish, role: desk, after: [approve], duration: 5, public: true, milestone: holding_statement}
      stay_silent: {until: approve}
      inbound: {handled_by: [inbox]}
      """;
  static final String SCENARIO = """
      name: golden scenario
      start: 2026-11-28T02:00:00Z
      severity: {1: 0.3, 3: 0.7}
      inbound:
        segments: [{from_minutes: 0, to_minutes: 120, messages: 40}]
      slas: [{milestone: holding_statement, within_minutes: 60}]
      """;

  @Test
  void summaryJsonMatchesGoldenFile() throws IOException {
    Model m = new Model(Plan.parse(PLAN, "golden.yaml"), Scenario.parse(SCENARIO, "golden-s.yaml"));
    Summary s = Summary.of(m, Simulator.columns(m, 1, 50, 1), 1).withSensitivity(Simulator.sensitivity(m, 1, 20));
    golden("golden/simulate-summary-v2.json", Json.write(s));
  }

  @Test
  void summaryOfTheEarlierFormatIsRefusedAsSuch(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    // v1 carried bottleneck shares and the sensitivity base values without n or interval
    Path f = tmp.resolve("summary.json");
    try (InputStream in = SummaryGoldenTest.class.getClassLoader().getResourceAsStream("golden/simulate-summary-v1.json")) {
      Files.write(f, in.readAllBytes());
    }
    DataException e = assertThrows(DataException.class, () -> Summary.read(f));
    assertTrue(e.getMessage().contains("format 'crisislab-simulate-summary/1', expected 'crisislab-simulate-summary/2'")
        && e.getMessage().contains("re-run simulate"), e.getMessage());
  }

  @Test
  void bottleneckSharesAndSensitivityBaseCarryNAndIntervals() {
    Model m = new Model(Plan.parse(PLAN, "golden.yaml"), Scenario.parse(SCENARIO, "golden-s.yaml"));
    Summary s = Summary.of(m, Simulator.columns(m, 1, 200, 1), 1).withSensitivity(Simulator.sensitivity(m, 1, 50));
    assertEquals(200, s.bottlenecks().n());
    for (Summary.Share x : s.bottlenecks().byRole()) {
      var share = x.share();
      assertTrue(share.ci95Low() <= share.value() && share.value() <= share.ci95High(), x.toString());
      assertTrue(share.ci95Low() >= 0 && share.ci95High() <= 1, x.toString());
      assertTrue(x.meanMinutes().ci95Low() <= x.meanMinutes().value(), x.toString());
    }
    assertTrue(s.bottlenecks().meanCriticalPathMinutes().ci95High() > s.bottlenecks().meanCriticalPathMinutes().ci95Low());
    Summary.Sensitivity sens = s.sensitivity();
    assertEquals(50, sens.replications());
    assertTrue(sens.n() > 0 && sens.n() <= 50);
    assertTrue(sens.baseMeanMinutes().ci95Low() < sens.baseMeanMinutes().value(), sens.toString());
    assertTrue(sens.baseP90Minutes().ci95Low() != null && sens.baseP90Minutes().ci95Low() <= sens.baseP90Minutes().value(),
        sens.toString());
  }

  @Test
  void summaryReadsBackAndFeedsTheBundleTargets(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Model m = new Model(Plan.parse(PLAN, "golden.yaml"), Scenario.parse(SCENARIO, "golden-s.yaml"));
    Summary s = Summary.of(m, Simulator.columns(m, 1, 50, 1), 1);
    Path f = tmp.resolve("summary.json");
    Files.writeString(f, Json.write(s));
    Summary back = Summary.read(f);
    assertEquals(Json.write(s), Json.write(back));
    var t = back.responseTargets();
    assertEquals("golden", t.plan());
    var hs = t.milestones().stream().filter(x -> x.milestone().equals("holding_statement")).findFirst().orElseThrow();
    assertEquals(60.0, hs.slaMinutes());
    assertEquals(s.slas().get(0).breachProbability().value(), hs.breachProbability());
    assertEquals(s.milestones().get(1).p90Minutes().value(), hs.planP90Minutes());
    org.junit.jupiter.api.Assertions.assertFalse(t.staffingNotes().isEmpty());
  }

  @Test
  void comparisonJsonMatchesGoldenFile() throws IOException {
    Model a = new Model(Plan.parse(PLAN, "golden.yaml"), Scenario.parse(SCENARIO, "golden-s.yaml"));
    Model b = new Model(Plan.parse(PLAN.replace("acknowledge: {exponential: {mean: 20}}", "acknowledge: {exponential: {mean: 5}}")
        .replace("name: golden", "name: golden B"), "golden-b.yaml"), Scenario.parse(SCENARIO, "golden-s.yaml"));
    Comparison c = Comparison.of(a, Simulator.columns(a, 1, 50, 1), b, Simulator.columns(b, 1, 50, 1), 1);
    golden("golden/simulate-comparison-v1.json", Json.write(c));
  }

  static void golden(String resource, String actual) throws IOException {
    if (Boolean.getBoolean("crisislab.golden.update")) {
      Path p = Path.of("src/test/resources").resolve(resource);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
    }
    try (InputStream in = SummaryGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
    }
  }
}
