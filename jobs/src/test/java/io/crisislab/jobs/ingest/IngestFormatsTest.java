package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.Settings;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.AuthorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other presets on fixtures (every one with a broken row) and, when present, on the shared data. */
class IngestFormatsTest extends SparkTestBase {
  @TempDir
  Path tmp;

  IngestJob.Result run(String name, Settings<IngestJob.Config> c) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("." + name + ".tmp-00000000"));
    return IngestJob.run(session(), c.with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").build(),
        new RunContext("ingest", name, dir, 1, new Progress("ingest", System.err)));
  }

  static Path fixture(String name) {
    return IngestJobTest.fixture(name);
  }

  List<Row> posts(IngestJob.Result r, Object unused) {
    return PostsDataset.read(session(), r.posts()).orderBy("post_id").collectAsList();
  }

  static Instant at(Row r) {
    return ((Timestamp) r.getAs("created_at")).toInstant();
  }

  @Test
  void sentiment140SixColumnCsv() throws Exception {
    IngestJob.Result r = run("s140", IngestJob.Config.defaults(Format.SENTIMENT140, List.of(fixture("sentiment140.csv"))));
    Assertions.assertEquals(Map.of("sentiment140.csv:4", "unknown_label", "sentiment140.csv:5", "unparseable_timestamp"),
        IngestJobTest.quarantine(r.quarantine()));
    List<Row> p = posts(r, this);
    Assertions.assertEquals(3, p.size());
    Assertions.assertEquals("negative", p.get(0).getAs("label"));
    Assertions.assertEquals(Instant.parse("2009-04-07T05:19:45Z"), at(p.get(0)), "PDT is UTC-7");
    Assertions.assertEquals(AuthorKeys.key(AuthorKeys.DEFAULT_SALT, "_TheSpecialOne_"), p.get(0).getAs("author_key"));
    Assertions.assertEquals("positive", p.get(1).getAs("label"));
    Assertions.assertEquals("neutral", p.get(2).getAs("label"));
  }

  @Test
  void tweetEvalLinesWithoutPartnerAreMalformed() throws Exception {
    IngestJob.Result r = run("te", IngestJob.Config.defaults(Format.TWEETEVAL, List.of(fixture("tweeteval"))));
    Assertions.assertEquals(Map.of("sample-a_text.txt:3", "malformed_record", "sample-b_labels.txt:2", "malformed_record"),
        IngestJobTest.quarantine(r.quarantine()));
    Assertions.assertEquals(5, r.report().read());
    List<Row> p = posts(r, this);
    Assertions.assertEquals(List.of("tweeteval/sample-a/1", "tweeteval/sample-a/2", "tweeteval/sample-b/1"),
        p.stream().map(x -> (String) x.getAs("post_id")).toList());
    Assertions.assertEquals("first tweet", p.get(0).getAs("text"));
    Assertions.assertEquals("\"second, quoted\" tweet", p.get(1).getAs("text"));
    Assertions.assertEquals("positive", p.get(1).getAs("label"));
  }

  @Test
  void crisisLexT6IdsInSingleQuotesAndTimesFromSnowflakes() throws Exception {
    IngestJob.Result r = run("clx", IngestJob.Config.defaults(Format.CRISISLEX, List.of(fixture("crisislex"))));
    Assertions.assertEquals(Map.of("2013_Test_Floods-ontopic_offtopic.csv:4", "missing_id"),
        IngestJobTest.quarantine(r.quarantine()));
    List<Row> p = posts(r, this);
    Assertions.assertEquals("325208201740029952", p.get(0).getAs("post_id"));
    Assertions.assertEquals("2013-test-floods", p.get(0).getAs("brand"));
    Assertions.assertEquals("2013-04-19", p.get(0).getAs("day"));
    Assertions.assertNull(p.get(0).getAs("label"));
  }

  @Test
  void genericJsonlAndCsvWithAColumnMapping() throws Exception {
    IngestJob.Result j = run("jsonl", IngestJob.Config.defaults(Format.GENERIC, List.of(fixture("generic.jsonl"))).with(IngestJob.COLUMNS, 
        List.of("post_id=id", "text=body", "created_at=time", "author=who", "label=sentiment",
            "likes=likes", "platform='forum'")));
    Assertions.assertEquals(Map.of("generic.jsonl:3", "malformed_record", "generic.jsonl:4", "missing_text",
        "generic.jsonl:5", "invalid_number"), IngestJobTest.quarantine(j.quarantine()));
    List<Row> p = posts(j, this);
    Assertions.assertEquals(2, p.size());
    Assertions.assertEquals(3L, (Long) p.get(0).getAs("likes"));
    Assertions.assertEquals("forum", p.get(0).getAs("platform"));
    Assertions.assertEquals(AuthorKeys.key(AuthorKeys.DEFAULT_SALT, "zed"), p.get(0).getAs("author_key"));
    Assertions.assertEquals(Instant.parse("2024-03-01T10:30:00Z"), at(p.get(1)));

    IngestJob.Result c = run("csv", IngestJob.Config.defaults(Format.GENERIC, List.of(fixture("generic.csv"))).with(IngestJob.COLUMNS, 
        List.of("post_id=Id", "text=Body", "created_at=Published", "label=Mood", "brand='Acme Co'")));
    Assertions.assertEquals(Map.of("generic.csv:4", "unknown_label"), IngestJobTest.quarantine(c.quarantine()));
    Assertions.assertEquals(Map.of("negative", 1L, "neutral", 0L, "positive", 0L, "unlabelled", 1L), c.report().labels());
    Assertions.assertEquals(Map.of("acme-co", 2L), c.report().perBrand());

    // crisislab: our own Parquet ingests again unchanged (keys and provenance kept)
    IngestJob.Result again = run("again", IngestJob.Config.defaults(Format.CRISISLAB, List.of(tmp.resolve(".csv.tmp-00000000"))));
    Assertions.assertEquals(2, again.report().accepted());
    Assertions.assertEquals(0, again.report().rejected());
    List<Row> before = posts(c, this);
    List<Row> after = posts(again, this);
    for (String col : List.of("post_id", "text", "created_at", "brand", "label", "source", "author_key")) {
      Assertions.assertEquals(before.stream().map(x -> String.valueOf((Object) x.getAs(col))).toList(),
          after.stream().map(x -> String.valueOf((Object) x.getAs(col))).toList(), col);
    }
  }

  /** Must show: the Sentiment140 sample, Sanders and CrisisLex T26 load with their counts. */
  @Test
  void sharedSentiment140SandersAndCrisisLexCounts() throws Exception {
    Path shared = IngestJobTest.shared();
    assumeTrue(shared != null && Files.isDirectory(shared.resolve("sanders-brand-tweets")), "shared data not present");
    IngestJob.Result s140 = run("s140-real", IngestJob.Config.defaults(Format.SENTIMENT140,
        List.of(shared.resolve("sentiment140-train-sample"))));
    Assertions.assertEquals(100_000, s140.report().accepted());
    Assertions.assertEquals(Map.of("negative", 50_000L, "neutral", 0L, "positive", 50_000L, "unlabelled", 0L),
        s140.report().labels());
    IngestJob.Result sanders = run("sanders-real", IngestJob.Config.defaults(Format.SANDERS,
        List.of(shared.resolve("sanders-brand-tweets/full-corpus.csv"))));
    Assertions.assertEquals(5_113, sanders.report().accepted());
    Assertions.assertEquals(0, sanders.report().rejected());
    Assertions.assertEquals(Map.of("negative", 572L, "neutral", 2_333L, "positive", 519L, "unlabelled", 1_689L),
        sanders.report().labels());
    Assertions.assertEquals(Map.of("apple", 1_142L, "google", 1_317L, "microsoft", 1_364L, "twitter", 1_290L),
        sanders.report().perBrand());
    IngestJob.Result t26 = run("t26-real", IngestJob.Config.defaults(Format.CRISISLEX, List.of(shared.resolve("crisislex-t26"))));
    Assertions.assertEquals(27_933, t26.report().read());
    Assertions.assertEquals(27_932, t26.report().accepted());
    Assertions.assertEquals(Map.of("duplicate_id", 1L), Map.of("duplicate_id", t26.report().rejectedByReason().get("duplicate_id")));
    Assertions.assertEquals(1, t26.report().rejected());
    Assertions.assertEquals(26, t26.report().perBrand().size());
  }
}
