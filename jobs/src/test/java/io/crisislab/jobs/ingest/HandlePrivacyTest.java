package io.crisislab.jobs.ingest;

import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.AuthorKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show: no input handle appears in any file of a run made without {@code --keep-handles}. Every
 * input holds handles in accepted rows, duplicates, rows failing validation and malformed records;
 * every output file is grepped byte-wise, and every Parquet file is also read back (it may be
 * compressed) with all its columns searched.
 */
class HandlePrivacyTest extends SparkTestBase {
  @TempDir
  Path tmp;

  static final List<String> HANDLES = List.of("zqhandle01", "zqhandle02", "zqhandle03", "zqhandle04", "zqhandle05",
      "zqhandle06", "zqhandle07", "zqhandle08");

  RunContext ctx(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("." + name + ".tmp-abc12345"));
    return new RunContext("ingest", "test", dir, 42, new Progress("ingest", System.err));
  }

  /** Airline rows: accepted, duplicate id, unknown label, wrong field count, unterminated quote, bad UTF-8. */
  Path airline() throws IOException {
    List<String> rows = new ArrayList<>();
    rows.add(UnterminatedQuoteTest.HEADER);
    rows.add(UnterminatedQuoteTest.row(1, "United", HANDLES.get(0), "\"@united fine\""));
    rows.add(UnterminatedQuoteTest.row(1, "United", HANDLES.get(1), "\"@united same id again\""));
    rows.add(UnterminatedQuoteTest.row(3, "United", HANDLES.get(2), "\"@united ok\"").replace(",negative,", ",furious,"));
    rows.add(UnterminatedQuoteTest.row(4, "United", HANDLES.get(3), "\"@united short\"") .replaceFirst(",,$", ""));
    rows.add(UnterminatedQuoteTest.row(5, "United", HANDLES.get(4), "\"@united never closed"));
    rows.add(UnterminatedQuoteTest.row(6, "Delta", HANDLES.get(5), "\"@delta after the broken one\""));
    Path f = tmp.resolve("Tweets.csv");
    byte[] text = (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = (UnterminatedQuoteTest.row(7, "Delta", HANDLES.get(6), "\"@delta \u00ff\"") + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[text.length + bad.length];
    System.arraycopy(text, 0, all, 0, text.length);
    System.arraycopy(bad, 0, all, text.length, bad.length);
    return Files.write(f, all);
  }

  @Test
  void airlineRunHoldsNoHandleInAnyFile() throws Exception {
    RunContext ctx = ctx("airline");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(airline()))
        .with(IngestJob.DUPLICATES, IngestJob.Duplicates.QUARANTINE).with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").build(), ctx);
    Assertions.assertEquals(2, r.report().accepted(), r.report().toString());
    Assertions.assertTrue(r.report().rejected() >= 5, r.report().toString());
    assertNoHandles(ctx.dir(), HANDLES.subList(0, 7));
    // the quarantined duplicate keeps its record, with the handle's key where the handle was
    String q = quarantineText(r.quarantine());
    Assertions.assertTrue(q.contains(AuthorKeys.key(AuthorKeys.DEFAULT_SALT, HANDLES.get(1))), q);
  }

  @Test
  void keepHandlesKeepsThemWhichProvesTheGrepCanSeeThem() throws Exception {
    RunContext ctx = ctx("kept");
    IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(airline()))
        .with(IngestJob.DUPLICATES, IngestJob.Duplicates.QUARANTINE).with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z")
        .with(IngestJob.KEEP_HANDLES, true).build(), ctx);
    Assertions.assertFalse(handlesFound(ctx.dir(), HANDLES.subList(0, 7)).isEmpty());
  }

  @Test
  void sentiment140RunHoldsNoHandleInAnyFile() throws Exception {
    Path f = Files.writeString(tmp.resolve("s140.csv"), String.join("\n",
        "\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"" + HANDLES.get(0) + "\",\"sad day\"",
        "\"4\",\"1467810369\",\"Mon Apr 06 22:19:46 PDT 2009\",\"NO_QUERY\",\"" + HANDLES.get(1) + "\",\"dup id\"",
        "\"9\",\"1467810370\",\"Mon Apr 06 22:19:47 PDT 2009\",\"NO_QUERY\",\"" + HANDLES.get(2) + "\",\"bad label\"",
        "\"0\",\"1467810371\",\"" + HANDLES.get(3) + "\",\"too few\"",
        "\"4\",\"1467810372\",\"Mon Apr 06 22:19:49 PDT 2009\",\"NO_QUERY\",\"" + HANDLES.get(4) + "\",\"fine\"") + "\n");
    RunContext ctx = ctx("s140");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.SENTIMENT140, List.of(f)).build(), ctx);
    Assertions.assertEquals(2, r.report().accepted(), r.report().toString());
    assertNoHandles(ctx.dir(), HANDLES.subList(0, 5));
  }

  @Test
  void genericCsvAndJsonlRunsHoldNoHandleInAnyFile() throws Exception {
    Path csv = Files.writeString(tmp.resolve("g.csv"), String.join("\n", "id,body,who",
        "1,hello," + HANDLES.get(0), "1,again," + HANDLES.get(1), "2,\"unclosed," + HANDLES.get(2),
        "3,,\"" + HANDLES.get(3) + "\"", "4,extra,field," + HANDLES.get(4)) + "\n");
    Path jsonl = Files.writeString(tmp.resolve("g.jsonl"), String.join("\n",
        "{\"id\":\"10\",\"body\":\"hi\",\"who\":\"" + HANDLES.get(5) + "\"}",
        "{\"id\":\"10\",\"body\":\"dup\",\"who\":\"" + HANDLES.get(6) + "\"}",
        "{\"id\":\"11\",\"body\":\"broken\",\"who\":\"" + HANDLES.get(7) + "\"",
        "{\"id\":\"12\",\"body\":\"\",\"WHO\":\"" + HANDLES.get(0) + "\"}") + "\n");
    RunContext ctx = ctx("generic");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.GENERIC, List.of(csv, jsonl))
        .with(IngestJob.COLUMNS, List.of("post_id=id", "text=body", "author=who")).build(), ctx);
    Assertions.assertEquals(2, r.report().accepted(), r.report().toString());
    assertNoHandles(ctx.dir(), HANDLES);
  }

  /** Re-ingesting a run kept with handles (crisislab format) drops them unless asked again. */
  @Test
  void reingestOfARunWithHandlesDropsThem() throws Exception {
    RunContext kept = ctx("first");
    IngestJob.Result first = IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(airline()))
        .with(IngestJob.NOT_AFTER, "2026-01-01T00:00:00Z").with(IngestJob.KEEP_HANDLES, true).build(), kept);
    RunContext ctx = ctx("again");
    IngestJob.Result r = IngestJob.run(session(), IngestJob.Config.defaults(Format.CRISISLAB, List.of(first.posts()))
        .with(IngestJob.DUPLICATES, IngestJob.Duplicates.QUARANTINE).build(), ctx);
    Assertions.assertTrue(r.report().rejected() >= 1, "the duplicate id is quarantined: " + r.report());
    assertNoHandles(ctx.dir(), HANDLES.subList(0, 7));
  }

  static String quarantineText(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        sb.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  void assertNoHandles(Path runDir, List<String> handles) throws IOException {
    List<String> found = handlesFound(runDir, handles);
    Assertions.assertEquals(List.of(), found, "handles found in the run folder");
  }

  /** "file: handle" for every handle found in any file's bytes or any Parquet file's values. */
  List<String> handlesFound(Path runDir, List<String> handles) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(runDir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    Assertions.assertFalse(files.isEmpty());
    for (Path p : files) {
      String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      for (String h : handles) {
        if (bytes.contains(h)) {
          found.add(runDir.relativize(p) + ": " + h);
        }
      }
      if (p.getFileName().toString().endsWith(".parquet")) {
        var df = session().read().parquet(p.toString());
        Column all = functions.concat_ws("|", java.util.Arrays.stream(df.columns())
            .map(c -> functions.coalesce(functions.col("`" + c + "`").cast("string"), functions.lit(""))).toArray(Column[]::new));
        for (Row row : df.select(all).collectAsList()) {
          for (String h : handles) {
            if (row.getString(0).contains(h)) {
              found.add(runDir.relativize(p) + " (read back): " + h);
            }
          }
        }
      }
    }
    return found;
  }
}
