package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.Settings;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.AuthorKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ingest on small fixtures (every rejection kind) and, when present, on the shared real data sets. */
class IngestJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  public static Path fixture(String name) {
    return Path.of(System.getProperty("crisislab.home", "..")).resolve("data/fixtures/ingest").resolve(name);
  }

  public static Path shared() {
    String s = System.getProperty("crisislab.shared");
    return s == null ? null : Path.of(s);
  }

  RunContext ctx(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("." + name + ".tmp-abc12345"));
    return new RunContext("ingest", "test", dir, 42, new Progress("ingest", System.err));
  }

  public static Map<String, String> quarantine(Path dir) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(p)) {
          JsonNode n = Json.mapper().readTree(line);
          Assertions.assertTrue(n.hasNonNull("record") || n.get("detail").asText().contains(QuarantineText.WITHHELD),
              "quarantine row keeps its original record, or says why not: " + line);
          m.put(n.get("source").asText(), n.get("reason").asText());
        }
      }
    }
    return m;
  }

  Settings<IngestJob.Config> brokenConfig() {
    return IngestJob.Config.defaults(Format.AIRLINE, List.of(fixture("airline-broken.csv")))
        .with(IngestJob.DUPLICATES, IngestJob.Duplicates.QUARANTINE).with(IngestJob.MAX_TEXT_CHARS, 200).with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z");
  }

  /** Every broken row lands in quarantine with its reason, whether the file is read whole or in 1 KiB splits. */
  @ParameterizedTest
  @ValueSource(longs = {32L << 20, 1024})
  void brokenRowsOfEveryKindAreQuarantinedWithTheirReason(long splitBytes) throws Exception {
    RunContext ctx = ctx("broken");
    IngestJob.Result r = IngestJob.run(session(), brokenConfig().with(IngestJob.SPLIT_BYTES, splitBytes).build(), ctx);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("airline-broken.csv:5", "unparseable_timestamp");
    expected.put("airline-broken.csv:6", "missing_id");
    expected.put("airline-broken.csv:7", "missing_text");
    expected.put("airline-broken.csv:8", "text_too_long");
    expected.put("airline-broken.csv:9", "unknown_label");
    expected.put("airline-broken.csv:10", "duplicate_id");
    expected.put("airline-broken.csv:11", "timestamp_before_2006");
    expected.put("airline-broken.csv:12", "timestamp_in_future");
    expected.put("airline-broken.csv:13", "invalid_number");
    expected.put("airline-broken.csv:14", "malformed_record");
    expected.put("airline-broken.csv:15", "invalid_utf8");
    expected.put("airline-broken.csv:17", "malformed_record");
    Assertions.assertEquals(expected, quarantine(r.quarantine()));
    IngestReport rep = r.report();
    Assertions.assertEquals(15, rep.read());
    Assertions.assertEquals(3, rep.accepted());
    Assertions.assertEquals(12, rep.rejected());
    Assertions.assertEquals(rep.read(), rep.accepted() + rep.rejected());
    Assertions.assertEquals(2L, rep.rejectedByReason().get("malformed_record"));
    Assertions.assertEquals(1L, rep.duplicates());
    IngestReport onDisk = Json.read(ctx.file(IngestReport.FILE), IngestReport.class);
    Assertions.assertEquals(rep, onDisk);

    Dataset<Row> posts = PostsDataset.read(session(), r.posts());
    List<Row> rows = posts.orderBy("post_id").collectAsList();
    Assertions.assertEquals(List.of("570000000000000001", "570000000000000002", "570000000000000014"),
        rows.stream().map(x -> x.getString(x.fieldIndex("post_id"))).toList());
    Row multiLine = rows.get(1);
    Assertions.assertEquals("@united delayed again\nthird time this week, \"really\"", multiLine.getAs("text"));
    // -0800 honoured: 23:10 Pacific on the 24th is 07:10 UTC on the 25th, and that is the partition day
    Assertions.assertEquals(java.time.Instant.parse("2015-02-25T07:10:00Z"),
        ((java.sql.Timestamp) multiLine.getAs("created_at")).toInstant());
    Assertions.assertEquals("2015-02-25", multiLine.getAs("day"));
    Assertions.assertEquals("united", multiLine.getAs("brand"));
    Assertions.assertEquals("Late Flight", multiLine.getAs("negative_reason"));
    Assertions.assertEquals(AuthorKeys.key(AuthorKeys.DEFAULT_SALT, "bob"), multiLine.getAs("author_key"));
    Assertions.assertFalse(Arrays.asList(posts.columns()).contains("author_handle"), "handles are not stored by default");
    Assertions.assertEquals("airline-broken.csv:2", rows.get(0).getAs("source"));
  }

  @Test
  void strictRunFailsAndLeavesOnlyTheQuarantine() throws Exception {
    RunContext ctx = ctx("strict");
    DataException e = Assertions.assertThrows(DataException.class,
        () -> IngestJob.run(session(), brokenConfig().with(IngestJob.STRICT, true).build(), ctx));
    Assertions.assertTrue(e.getMessage().contains("12 of 15 rows rejected"), e.getMessage());
    Path kept = tmp.resolve("strict");
    Assertions.assertTrue(Files.isDirectory(kept.resolve(IngestJob.QUARANTINE)));
    Assertions.assertEquals(12, quarantine(kept.resolve(IngestJob.QUARANTINE)).size());
    Assertions.assertFalse(Files.exists(kept.resolve(PostsDataset.SUBDIR)));
    Assertions.assertFalse(Files.exists(ctx.file(PostsDataset.SUBDIR)));
  }

  @Test
  void keepHandlesStoresTheRawHandleAndTheSaltChangesTheKey() throws Exception {
    IngestJob.Result r = IngestJob.run(session(), brokenConfig().with(IngestJob.KEEP_HANDLES, true).with(IngestJob.AUTHOR_SALT, "pepper").build(), ctx("handles"));
    Row first = PostsDataset.read(session(), r.posts()).orderBy("post_id").first();
    Assertions.assertEquals("alice", first.getAs("author_handle"));
    Assertions.assertEquals(AuthorKeys.key("pepper", "alice"), first.getAs("author_key"));
    Assertions.assertNotEquals(AuthorKeys.key(AuthorKeys.DEFAULT_SALT, "alice"), first.getAs("author_key"));
  }

  /** Must show: Tweets.csv gives 14,640 accepted rows (9,178/3,099/2,363), 0 rejected, UTC timestamps. */
  @Test
  void airlineTweetsCsvGivesThePublishedCounts() throws Exception {
    Path file = shared() == null ? null : shared().resolve("airline-tweets/Tweets.csv");
    assumeTrue(file != null && Files.exists(file), "shared airline data not present");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(file)).build(), ctx("air"));
    IngestReport rep = r.report();
    Assertions.assertEquals(14_640, rep.read());
    Assertions.assertEquals(14_640, rep.accepted());
    Assertions.assertEquals(0, rep.rejected());
    Assertions.assertEquals(Map.of("negative", 9_178L, "neutral", 3_099L, "positive", 2_363L, "unlabelled", 0L), rep.labels());
    Assertions.assertEquals(155, rep.duplicates());
    Assertions.assertEquals(3_822L, rep.perBrand().get("united"));
    Row first = PostsDataset.read(session(), r.posts()).filter("post_id = '570306133677760513'").first();
    Assertions.assertEquals(java.time.Instant.parse("2015-02-24T19:35:52Z"), ((java.sql.Timestamp) first.getAs("created_at")).toInstant());
  }

  /** Must show: TweetEval train gives 45,615 posts (7,093 / 20,673 / 17,849). */
  @Test
  void tweetEvalTrainGives45615() throws Exception {
    Path file = shared() == null ? null : shared().resolve("tweeteval-sentiment/train_text.txt");
    assumeTrue(file != null && Files.exists(file), "shared TweetEval data not present");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.TWEETEVAL, List.of(file)).build(), ctx("te"));
    Assertions.assertEquals(45_615, r.report().accepted());
    Assertions.assertEquals(0, r.report().rejected());
    Assertions.assertEquals(Map.of("negative", 7_093L, "neutral", 20_673L, "positive", 17_849L, "unlabelled", 0L), r.report().labels());
    Row one = PostsDataset.read(session(), r.posts()).filter("post_id = 'tweeteval/train/2'").first();
    Assertions.assertEquals("\"Ben Smith / Smith (concussion) remains out of the lineup Thursday, Curtis #NHL #SJ\"", one.getAs("text"));
    Assertions.assertEquals("neutral", one.getAs("label"));
  }
}
