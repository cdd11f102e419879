package io.crisislab.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's persisted outputs from a fixture (a replay with two incidents, one across two channels
 * and one missed; a plan comparison whose manifest names the example plans): summary.json and
 * postmortem.md pinned by golden files, plus the invariants a reader relies on. Regenerate
 * deliberately with -Dcrisislab.golden.update=true and read the diff.
 */
class ReportGoldenTest {
  @TempDir
  static Path tmp;

  static Path report;

  @BeforeAll
  static void buildReport() throws Exception {
    Path home = Path.of(System.getProperty("crisislab.home", ".."));
    Path runs = tmp.resolve("runs");
    Map<String, Object> sim = Map.of("plan", home.resolve("data/plans/brand-crisis-12-step.yaml").toString(),
        "scenario", home.resolve("data/scenarios/saturday-2am-surge.yaml").toString(),
        "compareWith", home.resolve("data/plans/brand-crisis-on-call-legal.yaml").toString());
    JobCommand.runStep("simulate", runs.resolve("a-simulate"), 7, sim, null, ReportJobTest.QUIET, ctx -> {
      Files.writeString(ctx.file("summary.json"), ReportJobTest.resource("sim-summary.json"));
      Files.writeString(ctx.file("comparison.json"), ReportJobTest.resource("sim-comparison.json"));
    });
    JobCommand.runStep("replay", runs.resolve("b-replay"), 7, Map.of(), null, ReportJobTest.QUIET,
        ctx -> Files.writeString(ctx.file("replay.json"), ReportJobTest.resource("replay-channels.json")));
    report = JobCommand.runStep("report", tmp.resolve("report"), 1, Map.of(), null, ReportJobTest.QUIET,
        ctx -> ReportJob.run(null, ReportJob.Config.defaults(List.of(runs)).with(ReportJob.TITLE, "T").with(ReportJob.SAMPLE_POSTS, 3).build(), ctx));
  }

  @Test
  void postmortemMatchesItsGoldenFile() throws Exception {
    golden("report/golden/postmortem.md", Files.readString(report.resolve("postmortem.md")));
  }

  @Test
  void summaryMatchesItsGoldenFileOnceRunIdsAndTimesAreMasked() throws Exception {
    JsonNode s = Json.mapper().readTree(report.resolve("summary.json").toFile());
    ((ObjectNode) s).put("createdAt", "(time)");
    for (JsonNode run : s.get("runs")) {
      ((ObjectNode) run).put("runId", "(id)").put("manifestSha256", "(sha256)");
    }
    for (JsonNode list : s.get("jobs")) {
      for (JsonNode run : list) {
        ((ObjectNode) run).put("runId", "(id)");
      }
    }
    golden("report/golden/summary.json", Json.write(s));
  }

  @Test
  void channelsOfOneIncidentAreOneIncidentAndTheTimelineNeverRunsBackwards() throws Exception {
    String md = Files.readString(report.resolve("postmortem.md"));
    assertTrue(md.contains("## Incident 1: acme, Sat 2026-11-14 02:00 UTC"), md);
    assertTrue(md.contains("## Incident 2: globex, Fri 2026-11-20 10:00 UTC"), md);
    assertFalse(md.contains("## Incident 3"), "twitter and facebook of acme overlap: one incident");
    List<List<String>> timelines = timelines(md);
    assertEquals(2, timelines.size());
    for (List<String> rows : timelines) {
      assertTrue(rows.get(0).contains("first negative signal"), rows.toString());
      for (int i = 1; i < rows.size(); i++) {
        // "Sat 2026-11-14 02:00": the date and time part sorts as text
        assertTrue(rows.get(i - 1).substring(4, 20).compareTo(rows.get(i).substring(4, 20)) <= 0, "out of order: " + rows);
      }
    }
    List<String> first = timelines.get(0);
    int alert = indexOf(first, "the tuned rule alerts on twitter, 40m after the first signal");
    assertTrue(alert > 0, first.toString());
    for (int i = 0; i < first.size(); i++) {
      if (first.get(i).contains(": holding statement out") || first.get(i).contains(": first public answer out")) {
        assertTrue(i > alert, "a plan milestone before the alert that starts the plan: " + first);
      }
    }
    assertTrue(first.stream().anyMatch(r -> r.contains("| Baseline plan (legal business hours only): holding statement out")), first.toString());
    assertTrue(first.stream().anyMatch(r -> r.contains("| On-call legal variant: holding statement out")),
        "both compared plans appear: " + first);
    assertTrue(md.contains("The tuned rule did not alert on any channel"), md);
  }

  @Test
  void changesAreAtMostFiveRankedByEffectWithIntervals() throws Exception {
    JsonNode changes = Json.mapper().readTree(report.resolve("summary.json").toFile()).get("changes");
    assertTrue(changes.size() >= 1 && changes.size() <= Story.MAX_CHANGES, changes.toString());
    double last = Double.NEGATIVE_INFINITY;
    for (JsonNode c : changes) {
      JsonNode e = c.get("meanDeltaMinutes");
      assertTrue(e.get("ci95High").asDouble() < 0, "every change helps beyond noise: " + c);
      assertTrue(e.get("value").asDouble() >= last, "ranked, biggest effect first: " + changes);
      last = e.get("value").asDouble();
    }
    assertEquals("Adopt \"brand-crisis-on-call-legal\" instead of \"brand-crisis-12-step\"", changes.get(0).get("change").asText());
  }

  @Test
  void summaryHasOneNamingStyleAndIntegerCounts() throws Exception {
    JsonNode s = Json.mapper().readTree(report.resolve("summary.json").toFile());
    assertEquals(ReportJob.SUMMARY_SCHEMA_VERSION, s.get("schemaVersion").asInt());
    List<String> snake = new ArrayList<>();
    keys("", s, snake);
    assertEquals(List.of(), snake, "field names are camelCase");
    JsonNode op = s.get("jobs").get("replay").get(0).get("operational");
    assertTrue(op.get("incidents").isIntegralNumber() && op.get("detected").isIntegralNumber(), op.toString());
    JsonNode inc = s.get("incidents").get(0);
    assertEquals(2, inc.get("channels").size());
    assertEquals("2026-11-14T02:40:00Z", inc.get("firstAlertAt").asText());
    assertEquals(40, inc.get("alertDelayMinutes").asInt());
    JsonNode hs = inc.get("response").get("plans").get(0).get("milestones").get(0);
    assertEquals("holding_statement", hs.get("milestone").asText());
    assertNotNull(hs.get("p90Minutes").get("ci95Low"));
    assertTrue(hs.get("p90Minutes").get("value").asDouble() >= 40, "counted from the first signal, so after the alert");
    assertTrue(s.get("incidents").get(1).get("response").isNull(), "missed: nothing to simulate from");
    assertEquals(2, s.get("dataNotes").size(), s.get("dataNotes").toString());
  }

  /** Maps whose keys are data (profile names, reason codes), not field names. */
  private static final Set<String> DATA_KEYED = Set.of("nabNormalised", "rejectedByReason", "labels", "perBrand",
      "counts", "figures");

  private static void keys(String path, JsonNode n, List<String> snake) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().contains("_") || e.getKey().contains("-")) {
          snake.add(path + "/" + e.getKey());
        }
        if (!DATA_KEYED.contains(e.getKey())) {
          keys(path + "/" + e.getKey(), e.getValue(), snake);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode x : n) {
        keys(path + "[]", x, snake);
      }
    }
  }

  private static int indexOf(List<String> rows, String text) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** The timeline tables' rows ("Sat 2026-11-14 02:00 | event"), per incident. */
  private static List<List<String>> timelines(String md) {
    List<List<String>> out = new ArrayList<>();
    String[] parts = md.split("### Timeline\n\n");
    for (int k = 1; k < parts.length; k++) {
      List<String> rows = new ArrayList<>();
      for (String line : parts[k].split("\n")) {
        if (line.isEmpty()) {
          break;
        }
        if (!line.startsWith("| time") && !line.startsWith("|---")) {
          rows.add(line.substring(2));
        }
      }
      out.add(rows);
    }
    return out;
  }

  static void golden(String resource, String actual) throws IOException {
    if (Boolean.getBoolean("crisislab.golden.update")) {
      Path p = Path.of("src/test/resources").resolve(resource);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
    }
    try (InputStream in = ReportGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " missing; run once with -Dcrisislab.golden.update=true");
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
    }
  }
}
