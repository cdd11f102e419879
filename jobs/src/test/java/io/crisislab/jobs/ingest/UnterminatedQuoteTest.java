package io.crisislab.jobs.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One unterminated quote must cost one line, not the rest of the file: the reader bounds a quoted
 * field, quarantines the broken record's first line and resynchronises at the next line.
 */
class UnterminatedQuoteTest extends SparkTestBase {
  static final String HEADER = "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,"
      + "negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,"
      + "tweet_coord,tweet_created,tweet_location,user_timezone";

  @TempDir
  Path tmp;

  RunContext ctx(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("." + name + ".tmp-abc12345"));
    return new RunContext("ingest", "test", dir, 42, new Progress("ingest", System.err));
  }

  /** An airline-shaped row; {@code text} is written as given (quote it yourself). */
  static String row(long id, String airline, String handle, String text) {
    return (570_000_000_000_000_000L + id) + ",negative,1.0,Late Flight,0.5," + airline + ",," + handle + ",,0,"
        + text + ",,2015-02-24 11:35:52 -0800,,";
  }

  /**
   * A synthetic file of {@code n} posts (every 7th a two-line quoted text) with an unterminated quote
   * planted on line {@code plantAt}; returns the file.
   */
  static Path plantedFixture(Path dir, int n, int plantAt) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (int i = 1; i <= n; i++) {
      String text = i % 7 == 0 ? "\"@united line one\nline two, \"\"quoted\"\"\"" : "\"@delta plain " + i + "\"";
      lines.add(row(i, i % 2 == 0 ? "United" : "Delta", "user" + i, text));
    }
    String body = String.join("\n", lines) + "\n";
    String[] physical = body.split("\n", -1);
    physical[plantAt - 1] = physical[plantAt - 1].replace(",\"@", ",\"@BROKEN ").replaceFirst("\",,2015", ",,2015");
    Path f = dir.resolve("planted.csv");
    Files.writeString(f, String.join("\n", physical), StandardCharsets.UTF_8);
    return f;
  }

  @ParameterizedTest
  @ValueSource(longs = {32L << 20, 1024})
  void syntheticPlantedQuoteLosesOnlyItsLine(long splitBytes) throws Exception {
    Path f = plantedFixture(tmp, 400, 101);
    Assertions.assertTrue(Files.readAllLines(f).get(100).contains("BROKEN"));
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(f))
        .with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").with(IngestJob.SPLIT_BYTES, splitBytes).build(), ctx("synthetic" + splitBytes));
    IngestReport rep = r.report();
    Assertions.assertTrue(rep.accepted() >= 399 - (splitBytes < 4096 ? 2 : 0), "accepted " + rep.accepted());
    Assertions.assertEquals(rep.read(), rep.accepted() + rep.rejected());
    Assertions.assertTrue(rep.resynchronisedAt().contains("planted.csv:101"), rep.resynchronisedAt().toString());
    Assertions.assertTrue(rep.warnings().stream().anyMatch(w -> w.contains("planted.csv:101")), rep.warnings().toString());
    JsonNode q = quarantineRows(r.quarantine()).stream().filter(n -> n.get("source").asText().equals("planted.csv:101"))
        .findFirst().orElseThrow();
    Assertions.assertEquals("malformed_record", q.get("reason").asText());
    Assertions.assertTrue(q.get("detail").asText().contains("reading resumed at line 102"), q.toString());
  }

  /** Without a planted quote the line accounting adds up and there is no warning. */
  @Test
  void cleanFileAccountsForEveryPhysicalLine() throws Exception {
    Path f = plantedFixture(tmp, 50, 1);  // line 1 is the header: the replace finds nothing to break
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(f))
        .with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").build(), ctx("clean"));
    IngestReport rep = r.report();
    Assertions.assertEquals(50, rep.accepted());
    Assertions.assertEquals(7, rep.quotedNewlines(), "every 7th post spans two lines");
    Assertions.assertEquals(1 + 50 + 7, rep.physicalLines());
    Assertions.assertEquals(List.of(), rep.warnings());
  }

  /**
   * Must show: an unterminated quote planted at line 7,001 of the real Tweets.csv (in a temp copy)
   * loses at most 10 of 14,640 posts, and the report names the line.
   */
  @ParameterizedTest
  @ValueSource(longs = {32L << 20, 1L << 20})
  void airlinePlantedQuoteLosesAtMostTenPosts(long splitBytes) throws Exception {
    Path shared = IngestJobTest.shared();
    Path file = shared == null ? null : shared.resolve("airline-tweets/Tweets.csv");
    assumeTrue(file != null && Files.exists(file), "shared airline data not present");
    List<String> lines = new ArrayList<>(List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
    String victim = lines.get(7000);
    int text = victim.indexOf(",@");
    Assertions.assertTrue(text > 0, victim);
    lines.set(7000, victim.substring(0, text + 1) + "\"" + victim.substring(text + 1));
    Path copy = tmp.resolve("Tweets.csv");
    Files.writeString(copy, String.join("\n", lines), StandardCharsets.UTF_8);
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(copy))
        .with(IngestJob.SPLIT_BYTES, splitBytes).build(), ctx("air" + splitBytes));
    IngestReport rep = r.report();
    System.err.println("planted airline (split " + splitBytes + " B): read " + rep.read() + ", accepted " + rep.accepted()
        + ", rejected " + rep.rejected() + ", resynchronised at " + rep.resynchronisedAt());
    Assertions.assertTrue(rep.accepted() >= 14_630, "accepted " + rep.accepted() + " of 14,640");
    Assertions.assertTrue(rep.resynchronisedAt().contains("Tweets.csv:7001"), rep.resynchronisedAt().toString());
    Assertions.assertEquals(rep.read(), rep.accepted() + rep.rejected());
  }

  static List<JsonNode> quarantineRows(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(p)) {
          out.add(Json.mapper().readTree(line));
        }
      }
    }
    return out;
  }
}
