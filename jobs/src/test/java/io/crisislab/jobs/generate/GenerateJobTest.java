package io.crisislab.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.type.TypeReference;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.synth.Incident;
import io.crisislab.models.run.Digests;
import io.crisislab.models.series.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generate at small scale: determinism, schema, and planted surges matching incidents.json. */
class GenerateJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  static final GenerateJob.Config SMALL = GenerateJob.Config.defaults().with(GenerateJob.BRANDS, 2)
      .with(GenerateJob.DAYS, 6).with(GenerateJob.POSTS_PER_DAY, 1500.0).with(GenerateJob.INCIDENTS_TO_PLANT, 2).build();

  GenerateJob.Result run(String name, long seed, GenerateJob.Config c) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return GenerateJob.run(session(), c, new RunContext("generate", name, dir, seed, new Progress("generate", System.err)));
  }

  static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Digests.sha256(p));
      }
    }
    return m;
  }

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
    GenerateJob.Result a = run("a", 7, SMALL);
    GenerateJob.Result b = run("b", 7, SMALL);
    GenerateJob.Result c = run("c", 8, SMALL);
    Map<String, String> da = digests(a.postsDir());
    Assertions.assertTrue(da.keySet().stream().anyMatch(k -> k.endsWith(".snappy.parquet")), da.toString());
    Assertions.assertEquals(da, digests(b.postsDir()));
    Assertions.assertEquals(Files.readString(a.incidentsFile()), Files.readString(b.incidentsFile()));
    Assertions.assertNotEquals(da, digests(c.postsDir()));
    Assertions.assertEquals(a.posts(), b.posts());
  }

  @Test
  void postsAreCanonicalLabelledAndSpreadOverBrandsAndChannels() throws Exception {
    GenerateJob.Result r = run("schema", 3, SMALL);
    Dataset<Row> posts = PostsDataset.read(session(), r.postsDir());
    long n = posts.count();
    Assertions.assertEquals(r.posts(), n);
    // 2 brands x 6 days x 1,500/day per brand = 18,000 expected before incidents
    Assertions.assertTrue(n > 15_000 && n < 60_000, "posts: " + n);
    Assertions.assertEquals(2, posts.select("brand").distinct().count());
    Assertions.assertEquals(4, posts.select("channel").distinct().count());
    Assertions.assertEquals(3, posts.select("label").distinct().count());
    Assertions.assertEquals(0, posts.filter("label = 'negative' and negative_reason is null").count());
    Assertions.assertEquals(0, posts.filter("label <> 'negative' and negative_reason is not null").count());
    Assertions.assertEquals(0, posts.filter("post_id is null or text is null or created_at is null").count());
    Assertions.assertEquals(n, posts.select("post_id").distinct().count(), "post ids are unique");
  }

  /** Inside each planted window the series is busier and more negative than outside it. */
  @Test
  void incidentsJsonMatchesThePlantedSurges() throws Exception {
    GenerateJob.Result r = run("surge", 11, SMALL);
    Map<String, List<List<String>>> windows = Json.mapper().readValue(r.incidentsFile().toFile(),
        new TypeReference<Map<String, List<List<String>>>>() {});
    Assertions.assertEquals(8, windows.size(), "every brand/channel series is listed: " + windows.keySet());
    Assertions.assertEquals(r.model().incidents().size(), 2);
    Dataset<Row> posts = PostsDataset.read(session(), r.postsDir());
    for (Incident inc : r.model().incidents()) {
      String series = inc.brand() + "/mention";
      List<List<String>> w = windows.get(series);
      Assertions.assertEquals(1, w.size(), series + " " + w);
      Instant start = Instant.ofEpochSecond(Timestamps.parse(w.get(0).get(0)));
      Instant end = Instant.ofEpochSecond(Timestamps.parse(w.get(0).get(1)));
      Assertions.assertEquals(inc.onset(), start);
      Assertions.assertEquals(inc.end(), end);
      Row stats = posts.filter(col("brand").equalTo(inc.brand()).and(col("channel").equalTo("mention")))
          .withColumn("in", col("created_at").geq(lit(java.sql.Timestamp.from(start)))
              .and(col("created_at").leq(lit(java.sql.Timestamp.from(end)))))
          .agg(sum(when(col("in"), 1).otherwise(0)).as("inN"),
              sum(when(col("in").and(col("label").equalTo("negative")), 1).otherwise(0)).as("inNeg"),
              count(lit(1)).as("all"),
              sum(when(col("label").equalTo("negative"), 1).otherwise(0)).as("allNeg"))
          .first();
      double inN = stats.getLong(0);
      double outN = stats.getLong(2) - inN;
      double hoursIn = (end.toEpochMilli() - start.toEpochMilli()) / 3.6e6;
      double hoursOut = SMALL.days() * 24 - hoursIn;
      Assertions.assertTrue(inN / hoursIn > 1.5 * outN / hoursOut, "volume rate in " + inN / hoursIn + " vs out " + outN / hoursOut);
      double negIn = stats.getLong(1) / inN;
      double negOut = (stats.getLong(3) - stats.getLong(1)) / outN;
      Assertions.assertTrue(negIn > negOut + 0.15, "negative share in " + negIn + " vs out " + negOut);
      long reasonPosts = posts.filter(col("brand").equalTo(inc.brand()).and(col("negative_reason").equalTo(inc.reason()))).count();
      Assertions.assertTrue(reasonPosts > 20, inc.reason() + " posts: " + reasonPosts);
    }
  }
}
