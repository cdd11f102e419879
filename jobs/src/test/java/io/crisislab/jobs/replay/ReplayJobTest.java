package io.crisislab.jobs.replay;


import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.Measure;
import io.crisislab.jobs.series.ReplaySummary;
import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.detect.Thresholds;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.series.Timestamps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ReplayJobTest extends SparkTestBase {
  static final long T0 = Timestamps.parse("2024-01-01 00:00:00");

  @TempDir
  Path tmp;

  static RunContext ctx(Path dir) throws Exception {
    Files.createDirectories(dir);
    return new RunContext("replay", "test", dir, 7L, new Progress("replay", System.err));
  }

  /** 3 weeks of 5-minute Poisson counts around {@code rate}, ×10 for an hour at each spike. */
  public static Path csv(Path dir, String name, double rate, long seed, int... spikes) throws Exception {
    MersenneTwister rng = new MersenneTwister(seed);
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 6048; i++) {
      double r = rate;
      for (int s : spikes) {
        if (i >= s && i < s + 12) {
          r *= 10;
        }
      }
      sb.append(Timestamps.format(T0 + i * 300L)).append(',').append(new PoissonDistribution(rng, r, 1e-12, 1000).sample()).append('\n');
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb.toString());
    return f;
  }

  public static String window(int startBucket, int endBucket) {
    return "[\"" + Timestamps.format(T0 + startBucket * 300L) + ".000000\", \"" + Timestamps.format(T0 + endBucket * 300L) + ".000000\"]";
  }

  @Test
  void replaysDefaultRuleWritesAlertsScoresAndCharts() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    csv(data, "a.csv", 30, 1, 3000, 5000);
    csv(data, "b.csv", 3, 2, 4000);
    Path windows = tmp.resolve("windows.json");
    Files.writeString(windows, "{\"x/a.csv\": [" + window(2900, 3100) + ", " + window(4900, 5100) + "], \"b.csv\": ["
        + window(3900, 4100) + "], \"c.csv\": []}");
    RunContext ctx = ctx(tmp.resolve("run"));
    ReplayJob.Result r = ReplayJob.run(null, ReplayJob.Config.defaults(data).with(ReplayJob.WINDOWS, windows).build(), ctx);
    JsonNode alerts = Json.mapper().readTree(r.alertsFile().toFile());
    Assertions.assertEquals(List.of("a.csv", "b.csv"), iter(alerts));
    Assertions.assertTrue(alerts.get("a.csv").size() >= 2);
    for (JsonNode t : alerts.get("a.csv")) {
      Assertions.assertNotNull(Timestamps.tryParse(t.asText()), t.asText());
      Assertions.assertEquals(19, t.asText().length());
    }
    Assertions.assertEquals(3, r.scores().operational().incidents());
    Assertions.assertEquals(3, r.scores().operational().detected(), "all three 10x surges should be caught");
    Assertions.assertTrue(r.scores().nabNormalised().get("standard") > 50, r.scores().nabNormalised().toString());
    JsonNode summary = Json.mapper().readTree(ctx.file("replay.json").toFile());
    Assertions.assertTrue(summary.get("warnings").toString().contains("c.csv"), "unknown series in windows must be reported");
    // the typed reader reads what the job wrote; every operational estimate carries n and an interval
    ReplaySummary typed = ReplaySummary.read(ctx.file("replay.json"));
    Assertions.assertEquals(3, typed.estimates().detectedShare().n());
    Assertions.assertEquals(1.0, typed.estimates().detectedShare().value());
    Assertions.assertTrue(typed.estimates().detectedShare().ci95Low() < 1.0, "Wilson: 3 of 3 does not prove 100%");
    Assertions.assertEquals(3, typed.estimates().medianLeadTimeMinutes().n());
    Assertions.assertEquals(r.scores().operational().medianLeadTimeMinutes(), typed.estimates().medianLeadTimeMinutes().value());
    Assertions.assertNotNull(typed.estimates().falseAlarmsPerWeek().ci95High());
    Assertions.assertTrue(Files.size(ctx.file("report.html")) > 10_000);
    Assertions.assertTrue(Files.exists(ctx.file("charts/a.csv-incident-1.png")));
  }

  @Test
  void badInputIsReportedNotSkipped() throws Exception {
    Path f = tmp.resolve("gappy.csv");
    Files.writeString(f, "timestamp,value\n2024-01-01 00:10:00,3\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,2\n"
        + "2024-01-01 00:25:00,4\n");
    RunContext ctx = ctx(tmp.resolve("r1"));
    ReplayJob.run(null, ReplayJob.Config.defaults(f).build(), ctx);
    String w = Json.mapper().readTree(ctx.file("replay.json").toFile()).get("warnings").toString();
    Assertions.assertTrue(w.contains("out of time order"), w);
    Assertions.assertTrue(w.contains("2 missing bucket(s) filled with explicit zeros"), w);

    Path neg = tmp.resolve("neg.csv");
    Files.writeString(neg, "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,-2\n");
    DataException e = Assertions.assertThrows(DataException.class, () -> ReplayJob.run(null, ReplayJob.Config.defaults(neg).build(), ctx(tmp.resolve("r2"))));
    Assertions.assertTrue(e.getMessage().contains("neg.csv:3:") && e.getMessage().contains("negative"), e.getMessage());

    Path data = Files.createDirectories(tmp.resolve("d2"));
    csv(data, "a.csv", 30, 1, 3000);
    Path outside = tmp.resolve("outside.json");
    Files.writeString(outside, "{\"a.csv\": [" + window(7000, 7100) + "]}");
    DataException e2 = Assertions.assertThrows(DataException.class,
        () -> ReplayJob.run(null, ReplayJob.Config.defaults(data).with(ReplayJob.WINDOWS, outside).build(), ctx(tmp.resolve("r3"))));
    Assertions.assertTrue(e2.getMessage().contains("no bucket in the series"), e2.getMessage());
    Path overlap = tmp.resolve("overlap.json");
    Files.writeString(overlap, "{\"a.csv\": [" + window(100, 300) + ", " + window(200, 400) + "]}");
    DataException e3 = Assertions.assertThrows(DataException.class,
        () -> ReplayJob.run(null, ReplayJob.Config.defaults(data).with(ReplayJob.WINDOWS, overlap).build(), ctx(tmp.resolve("r4"))));
    Assertions.assertTrue(e3.getMessage().contains("overlap"), e3.getMessage());
  }

  @Test
  void commandLineAppliesRulesFile() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("cli"));
    csv(data, "a.csv", 30, 5, 3000);
    Path rules = tmp.resolve("thresholds.json");
    Files.writeString(rules, """
        {"version": 2, "objective": "nab-standard", "validation": "leave-one-series-out", "rules": [
          {"brand": "*", "channel": "*", "series": "count", "bucketSeconds": 300, "detector": "rolling-z",
           "parameters": {"window": 288, "cooldownBuckets": 288, "persistenceK": 1, "persistenceN": 1},
           "threshold": 8, "objective": "nab-standard", "validatedScore": null, "expectedFalseAlarmsPerWeek": null,
           "medianLeadTimeMinutes": null, "members": [], "minMeanCountPerBucket": 40, "maxMeanCountPerBucket": 100}]}
        """);
    Path out = tmp.resolve("cli-out");
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay", "--rules",
        rules.toString(), "--series", data.resolve("a.csv").toString(), "--out", out.toString());
    Assertions.assertEquals(0, code, err.toString());
    JsonNode alerts = Json.mapper().readTree(out.resolve("alerts.json").toFile());
    boolean hit = false;
    for (JsonNode t : alerts.get("a.csv")) {
      long s = Timestamps.parse(t.asText());
      hit |= s >= T0 + 3000 * 300L && s < T0 + 3012 * 300L;
    }
    Assertions.assertTrue(hit, alerts.toString());
    // about 30 posts a bucket, below the 40-100 the rule was validated on: replay says so
    Assertions.assertTrue(Json.mapper().readTree(out.resolve("replay.json").toFile()).get("warnings").toString()
        .contains("below the 40.0–100 the rule was validated on"), "no volume warning");
    // replay.json v2 records the rule applied in the one surge-rule form, as read from thresholds.json
    JsonNode replayed = Json.mapper().readTree(out.resolve("replay.json").toFile());
    Assertions.assertEquals(ReplaySummary.FORMAT_VERSION, replayed.get("formatVersion").asInt());
    Assertions.assertEquals(Thresholds.read(rules).rules().get(0),
        Json.mapper().treeToValue(replayed.get("series").get(0).get("rule"), SurgeRule.class));
    // the lookup filters by measure: a rules file with no rule for the series' measure is refused, naming both
    Files.writeString(rules, Files.readString(rules).replace("\"series\": \"count\"", "\"series\": \"negative_count\""));
    StringWriter err2 = new StringWriter();
    Assertions.assertEquals(1, CrisisLab.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2), "replay", "--rules",
        rules.toString(), "--series", data.resolve("a.csv").toString(), "--out", tmp.resolve("cli-out2").toString()));
    Assertions.assertTrue(err2.toString().contains("no rule for measure count") && err2.toString().contains("*/* negative_count"),
        err2.toString());
    Assertions.assertEquals(2, CrisisLab.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "replay",
        "--series", data.toString(), "--detector", "rolling-z", "--out", tmp.resolve("bad").toString()));
  }

  @Test
  void buildsSeriesPerBrandAndChannelFromPosts() throws Exception {
    List<Row> rows = new ArrayList<>();
    int id = 0;
    for (int i = 0; i < 40; i++) {
      long t = T0 + i * 60L;
      String label = i % 4 == 0 ? "negative" : "neutral";
      rows.add(RowFactory.create("p" + id++, "twitter", "twitter", "acme", new Timestamp(t * 1000), null, "text", null, null,
          null, null, null, label, null, null, "test", "2024-01-01"));
      if (i < 10) {
        rows.add(RowFactory.create("p" + id++, "web", "web", "bolt", new Timestamp((t + 1800) * 1000), null, "text", null,
            null, null, null, null, "negative", null, null, "test", "2024-01-01"));
      }
    }
    Path run = tmp.resolve("posts-run");
    PostsDataset.write(session().createDataFrame(rows, PostsDataset.schema()), run.resolve("posts"));
    List<SeriesSource.Loaded> count = SeriesSource.load(session(), run, 600, "count");
    Assertions.assertEquals(List.of("acme/twitter", "bolt/web"), count.stream().map(l -> l.series().id()).toList());
    // both series span the same buckets (00:00 .. 00:30 at 10 minutes): 4 buckets
    Assertions.assertEquals(4, count.get(0).series().size());
    Assertions.assertEquals(4, count.get(1).series().size());
    Assertions.assertEquals(40, sum(count.get(0).series().count()));
    Assertions.assertEquals(10, sum(count.get(0).series().negativeCount()));
    Assertions.assertEquals(0, count.get(1).series().count()[0]);
    Assertions.assertFalse(count.get(1).load().warnings().isEmpty(), "empty buckets must be reported");
    RunContext rc = ctx(tmp.resolve("posts-replay"));
    ReplayJob.run(session(), ReplayJob.Config.defaults(run).with(ReplayJob.BUCKET_SECONDS, 600).with(ReplayJob.MEASURE, Measure.COUNT).with(ReplayJob.MAX_CHARTS, 5).build(), rc);
    Assertions.assertEquals(8, session().read().parquet(rc.file("series").toString()).count());
    List<SeriesSource.Loaded> neg = SeriesSource.load(session(), run, 600, "negative");
    Assertions.assertEquals(10, sum(neg.get(0).series().count()));
    Assertions.assertThrows(io.crisislab.models.errors.UsageException.class, () -> SeriesSource.load(session(), run, 600, "expected-negative"));
  }

  static double sum(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x;
    }
    return s;
  }

  static List<String> iter(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static Map<String, Object> unused() {
    return Map.of();
  }
}
