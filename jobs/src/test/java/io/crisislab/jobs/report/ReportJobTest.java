package io.crisislab.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJobTest {
  @TempDir
  Path tmp;

  static final Progress QUIET = new Progress("test", new PrintStream(new ByteArrayOutputStream()));

  /** A committed run folder of some job holding one JSON file. */
  static Path fakeRun(Path dir, String job, String fileName, Object content) throws Exception {
    return JobCommand.runStep(job, dir, 7, Map.of("k", "v"), null, QUIET, ctx -> {
      AtomicFiles.writeString(ctx.file(fileName), Json.write(content));
      ctx.count("rows", 42);
    });
  }

  @Test
  void htmlEscapesEverything() {
    assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.esc("<script>alert(1)</script>"));
    assertEquals("a &amp; b &quot;c&quot; &#39;d&#39;", Html.esc("a & b \"c\" 'd'"));
    String page = new Html().section("x", "<b>").table(List.of("t"), List.of(List.of(new Html.Post("<img src=x onerror=alert(1)>"))))
        .endSection().page("t<", "s>");
    assertFalse(page.contains("<img src=x"), page);
    assertFalse(page.contains("<b>"), page);
    assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
  }

  @Test
  void writesThreeOutputsWithASectionPerJobAndEscapesDataText() throws Exception {
    Path runs = tmp.resolve("runs");
    fakeRun(runs.resolve("a-ingest"), "ingest", "ingest-report.json",
        Map.of("read", 10, "accepted", 9, "rejected", 1, "rejectedByReason", Map.of("bad_timestamp", 1, "<script>alert(1)</script>", 0)));
    fakeRun(runs.resolve("b-other"), "frobnicate", "figures.json", Map.of("note", "<script>alert(1)</script>"));
    Path out = tmp.resolve("report");
    Path done = JobCommand.runStep("report", out, 1, Map.of(), null, QUIET,
        ctx -> ReportJob.run(null, ReportJob.Config.defaults(List.of(runs)).with(ReportJob.TITLE, "T").with(ReportJob.SAMPLE_POSTS, 3).build(), ctx));
    String html = Files.readString(done.resolve("index.html"));
    assertTrue(html.contains("id=\"ingest\""), "ingest section");
    assertTrue(html.contains("id=\"frobnicate\""), "unknown jobs still get a section");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertFalse(html.contains("<script>"), "no script tag may reach the page");
    assertFalse(html.contains("http://") || html.contains("https://"), "self-contained: no network references");
    assertTrue(html.contains("data:image/png;base64,"), "charts are inline PNGs");
    JsonNode summary = Json.mapper().readTree(done.resolve("summary.json").toFile());
    assertEquals(2, summary.get("runs").size());
    JsonNode ingest = summary.get("jobs").get("ingest").get(0);
    assertTrue(ingest.get("read").isIntegralNumber(), "counts are integers: " + ingest);
    assertEquals(10, ingest.get("read").asInt());
    assertEquals(1, ingest.get("rejectedByReason").get("bad_timestamp").asInt(), "data keys keep their spelling");
    assertTrue(Files.exists(done.resolve("postmortem.md")));
    assertFalse(Files.exists(done.resolve("calibration.json")), "no train/tune/simulate run, so no bundle");
  }

  @Test
  void tuneSectionReadsThresholdsThroughTheRecordTuneWrites() throws Exception {
    Path runs = tmp.resolve("runs");
    SurgeRule rule = SurgeRule.untuned("negative_count", 300, new DetectorSpec("surge",
        Map.of("window", 576.0, "memory", 4032.0, "rank", 2.0, "minSd", 0.1, "poisson", 0.0), 2.5, 1, 1, 144));
    Thresholds th = new Thresholds(Thresholds.VERSION, "nab-standard", "leave-one-series-out", List.of(rule));
    JobCommand.runStep("tune", runs.resolve("tune"), 7, Map.of(), null, QUIET,
        ctx -> Files.writeString(ctx.file("thresholds.json"), th.toJson()));
    Path done = JobCommand.runStep("report", tmp.resolve("report"), 1, Map.of(), null, QUIET,
        ctx -> ReportJob.run(null, ReportJob.Config.defaults(List.of(runs)).build(), ctx));
    String html = Files.readString(done.resolve("index.html"));
    assertTrue(html.contains("objective nab-standard, validation leave-one-series-out"), "heading from the record");
    assertTrue(html.contains("window 576"), "parameters from the record");
    JsonNode tuned = Json.mapper().readTree(done.resolve("summary.json").toFile()).get("jobs").get("tune").get(0)
        .get("rules").get(0);
    assertEquals("surge", tuned.get("detector").asText());
    assertEquals(2.5, tuned.get("threshold").asDouble());
    assertEquals("*", tuned.get("brand").asText());
  }

  static String resource(String name) throws Exception {
    try (var in = ReportJobTest.class.getResourceAsStream("/report/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void simulationSectionShowsQuantilesBreachesBottlenecksWhatIfsAndComparison() throws Exception {
    Path runs = tmp.resolve("runs");
    JobCommand.runStep("simulate", runs.resolve("sim"), 7, Map.of(), null, QUIET, ctx -> {
      Files.writeString(ctx.file("summary.json"), resource("sim-summary.json"));
      Files.writeString(ctx.file("comparison.json"), resource("sim-comparison.json"));
    });
    Path done = JobCommand.runStep("report", tmp.resolve("report"), 1, Map.of(), null, QUIET,
        ctx -> ReportJob.run(null, ReportJob.Config.defaults(List.of(runs)).with(ReportJob.TITLE, "T").with(ReportJob.SAMPLE_POSTS, 3).build(), ctx));
    String html = Files.readString(done.resolve("index.html"));
    assertTrue(html.contains("6h50m [6h30m, 7h10m]"), "p90 with its interval in readable time");
    assertTrue(html.contains("31.0% [28.0%, 34.0%]"), "SLA breach probability with CI");
    assertTrue(html.contains("Critical path by role"), "bottleneck chart");
    assertTrue(html.contains("step:legal_review"), "what-if table");
    assertTrue(html.contains("on-call legal cuts p90 time to holding_statement by 3h10m ± 12m"), "comparison headline");
    assertTrue(html.contains("-190 min [-202, -178]"), "paired p90 difference with CI");
    JsonNode sim = Json.mapper().readTree(done.resolve("summary.json").toFile()).get("jobs").get("simulate").get(0).get("plans").get(0);
    assertEquals("legal", sim.get("bottlenecksByRole").get(0).get("name").asText(), "sorted by share");
    assertEquals(410, sim.get("milestones").get(1).get("p90Minutes").asInt());
  }

  @Test
  void missingOrEmptyRunFoldersAreUsageErrors() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    UsageException e = assertThrows(UsageException.class, () -> RunInfo.discover(List.of(tmp.resolve("empty"))));
    assertTrue(e.getMessage().contains("no run folder"), e.getMessage());
    e = assertThrows(UsageException.class, () -> RunInfo.discover(List.of(tmp.resolve("nope"))));
    assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
  }
}
