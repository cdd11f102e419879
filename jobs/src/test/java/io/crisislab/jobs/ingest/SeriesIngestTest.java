package io.crisislab.jobs.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crisislab.jobs.generate.GenerateJob;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.series.SeriesDataset;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NAB volume series into the canonical series schema, and series counted from posts. */
class SeriesIngestTest extends SparkTestBase {
  @TempDir
  Path tmp;

  RunContext ctx(String name) throws Exception {
    return new RunContext("ingest", name, Files.createDirectories(tmp.resolve("." + name + ".tmp-1")), 1,
        new Progress("ingest", System.err));
  }

  @Test
  void nabFixtureWithBrokenRows() throws Exception {
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.NAB,
        List.of(IngestJobTest.fixture("nab"))).with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").build(), ctx("nab"));
    Assertions.assertEquals(Map.of("Twitter_volume_TEST.csv:4", "invalid_number", "Twitter_volume_TEST.csv:6",
        "unparseable_timestamp", "Twitter_volume_TEST.csv:7", "duplicate_id"), IngestJobTest.quarantine(r.quarantine()));
    Assertions.assertEquals(7, r.report().read());
    Assertions.assertEquals(4, r.report().accepted());
    Assertions.assertEquals(Map.of("Twitter_volume_TEST.csv", 4L), r.report().perSeries());
    List<Row> rows = SeriesDataset.read(session(), r.posts()).orderBy("bucket_start").collectAsList();
    Assertions.assertEquals(4, rows.size());
    Row first = rows.get(0);
    Assertions.assertEquals("Twitter_volume_TEST.csv", first.getAs("series_id"));
    Assertions.assertEquals(Instant.parse("2015-02-26T21:42:53Z"), ((Timestamp) first.getAs("bucket_start")).toInstant());
    Assertions.assertEquals(300, (int) first.getAs("bucket_seconds"));
    Assertions.assertEquals(104L, (long) first.getAs("count"));
    Assertions.assertNull(first.getAs("negative_count"));
    Assertions.assertEquals(99L, (long) rows.get(2).getAs("count"), "the first of two rows for one bucket is kept");
  }

  @Test
  void sharedNabSeriesLoadWithTheirRowCounts() throws Exception {
    Path shared = IngestJobTest.shared();
    assumeTrue(shared != null && Files.isDirectory(shared.resolve("nab-tweets")), "shared data not present");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.NAB,
        List.of(shared.resolve("nab-tweets"))).build(), ctx("nabreal"));
    Assertions.assertEquals(0, r.report().rejected());
    Assertions.assertEquals(15_902L, r.report().perSeries().get("Twitter_volume_AAPL.csv"));
    Assertions.assertEquals(79_321, r.report().accepted());
  }

  @Test
  void seriesFromPostsCountEveryPostAndFillQuietBuckets() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("gen"));
    GenerateJob.Result g = GenerateJob.run(session(), GenerateJob.Config.defaults().with(GenerateJob.BRANDS, 2).with(GenerateJob.DAYS, 2)
        .with(GenerateJob.POSTS_PER_DAY, 300.0).with(GenerateJob.INCIDENTS_TO_PLANT, 1).build(),
        new RunContext("generate", "g", dir, 5, new Progress("generate", System.err)));
    Dataset<Row> posts = PostsDataset.read(session(), g.postsDir());
    Dataset<Row> s = SeriesDataset.fromPosts(posts, 3600);
    Assertions.assertEquals(posts.count(), s.agg(org.apache.spark.sql.functions.sum("count")).first().getLong(0));
    Assertions.assertEquals(posts.filter("label = 'negative'").count(),
        s.agg(org.apache.spark.sql.functions.sum("negative_count")).first().getLong(0));
    Assertions.assertEquals(8, s.select("series_id").distinct().count());
    // every series is a gap-free hourly grid between its first and last post
    for (Row r : s.groupBy("series_id").agg(org.apache.spark.sql.functions.count("*").as("n"),
        org.apache.spark.sql.functions.min("bucket_start").as("lo"),
        org.apache.spark.sql.functions.max("bucket_start").as("hi")).collectAsList()) {
      long hours = (r.getTimestamp(3).getTime() - r.getTimestamp(2).getTime()) / 3_600_000L + 1;
      Assertions.assertEquals(hours, r.getLong(1), r.toString());
    }
    Assertions.assertTrue(s.filter("count = 0").count() > 0, "quiet buckets are present with count 0");
  }
}
