package io.crisislab.models.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import org.junit.jupiter.api.Test;

/** Bad plans fail with one line naming the file, the line and the key (exit 2). */
class PlanValidationTest {
  static final String GOOD = """
      name: ok
      roles:
        social: {calendar: always}
        legal:
          calendar: {zone: Europe/London, days: [mon, tue, wed, thu, fri], hours: "09:00-17:00"}
      steps:
        - {id: detect, role: social, duration: 5, milestone: detected}
        - {id: draft, role: social, after: [detect], duration: {exponential: {mean: 30}}}
        - id: review
          role: legal
          after: [draft]
          duration: {lognormal: {median: 30, p90: 90}}
          rework: {probability: 0.2, back_to: draft}
          milestone: reviewed
      """;

  static UsageException fails(String yaml) {
    UsageException e = assertThrows(UsageException.class, () -> Plan.parse(yaml, "plan.yaml"));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().startsWith("plan.yaml line "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void theGoodPlanLoads() {
    Plan p = Plan.parse(GOOD, "plan.yaml");
    assertEquals(3, p.steps().size());
    assertEquals("legal", p.steps().get(2).role());
  }

  @Test
  void unknownRoleNamesLineAndKey() {
    UsageException e = fails(GOOD.replace("role: legal", "role: lawyers"));
    assertTrue(e.getMessage().contains("line 10, key steps[2].role: unknown role 'lawyers'"), e.getMessage());
  }

  @Test
  void cycleIsReported() {
    String y = GOOD.replace("after: [detect], duration", "after: [detect, review], duration");
    UsageException e = fails(y);
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    assertTrue(e.getMessage().contains("draft") && e.getMessage().contains("review"), e.getMessage());
  }

  @Test
  void unreachableStep() {
    String y = GOOD + "  - {id: orphan, role: social, duration: 5}\n";
    UsageException e = fails(y);
    assertTrue(e.getMessage().contains("line 15") && e.getMessage().contains("unreachable"), e.getMessage());
    String never = GOOD.replace("    rework:", "    when: {severity_at_least: 6}\n    rework:");
    assertTrue(fails(never).getMessage().contains("unreachable"));
  }

  @Test
  void negativeOrImpossibleDistributionParameters() {
    UsageException e = fails(GOOD.replace("mean: 30", "mean: -30"));
    assertTrue(e.getMessage().contains("line 8, key steps[1].duration.exponential.mean: must not be negative"),
        e.getMessage());
    e = fails(GOOD.replace("p90: 90", "p90: 10"));
    assertTrue(e.getMessage().contains("p90 must be greater than the median"), e.getMessage());
    e = fails(GOOD.replace("probability: 0.2", "probability: 1"));
    assertTrue(e.getMessage().contains("loops forever"), e.getMessage());
    e = fails(GOOD.replace("{exponential: {mean: 30}}", "{weibull: {shape: 2}}"));
    assertTrue(e.getMessage().contains("unknown distribution 'weibull'"), e.getMessage());
  }

  @Test
  void calendarWithoutWorkingHoursForANeededRole() {
    UsageException e = fails(GOOD.replace("hours: \"09:00-17:00\"", "hours: \"17:00-09:00\""));
    assertTrue(e.getMessage().contains("key roles.legal.calendar.hours"), e.getMessage());
    e = fails(GOOD.replace("days: [mon, tue, wed, thu, fri]", "days: []"));
    assertTrue(e.getMessage().contains("line 5, key roles.legal.calendar")
        && e.getMessage().contains("no working hours"), e.getMessage());
  }

  @Test
  void typosAndBrokenYaml() {
    assertTrue(fails(GOOD.replace("milestone: reviewed", "milestones: reviewed")).getMessage()
        .contains("key steps[2].milestones: unknown key"));
    assertTrue(fails(GOOD.replace("after: [draft]", "after: [drafts]")).getMessage()
        .contains("unknown step 'drafts'"));
    assertTrue(fails("roles: {a: [\n").getMessage().contains("not valid YAML"));
    assertTrue(fails(GOOD.replace("back_to: draft", "back_to: review")).getMessage().contains("rework"));
  }

  @Test
  void scenarioErrorsNameLines() {
    UsageException e = assertThrows(UsageException.class, () -> Scenario.parse(
        "start: 2026-11-28T02:00\nseverity: {3: 0.5, 4: 0.2}\n", "s.yaml"));
    assertTrue(e.getMessage().startsWith("s.yaml line 2, key severity: severity probabilities must sum to 1"),
        e.getMessage());
    e = assertThrows(UsageException.class, () -> Scenario.parse(
        "start: Saturday\n", "s.yaml"));
    assertTrue(e.getMessage().startsWith("s.yaml line 1, key start"), e.getMessage());
    Scenario ok = Scenario.parse("start: 2026-11-28T02:00\nslas: [{milestone: nope, within_minutes: 5}]\n", "s.yaml");
    e = assertThrows(UsageException.class, () -> ok.checkAgainst(Plan.parse(GOOD, "plan.yaml"), "s.yaml"));
    assertTrue(e.getMessage().contains("milestone 'nope' is not marked"), e.getMessage());
  }
}
