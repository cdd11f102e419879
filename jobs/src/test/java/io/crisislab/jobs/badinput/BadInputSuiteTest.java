package io.crisislab.jobs.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standing bad-input suite: each case is a hostile or careless command line, run end to end
 * through {@link CrisisLab#execute}, with its fixture made here. Every case checks its exit code and
 * message, that a failure prints one line with no Java class name or stack trace, and that nothing
 * was written outside the run folder ({@code --out}). {@code docs/bad-inputs.md} lists every case by
 * name (checked by {@link #docsTableListsEveryCase}).
 */
class BadInputSuiteTest extends SparkTestBase {
  @TempDir
  Path tmp;

  /** Builds a case's fixture in {@code dir} and returns its arguments. */
  @FunctionalInterface
  interface Setup {
    List<String> args(Path dir) throws Exception;
  }

  /** Extra checks of a case's outcome ({@code out} is the run folder). */
  @FunctionalInterface
  interface Check {
    void check(Path out, Result r) throws Exception;
  }

  record Result(int code, String out, String err) {}

  record Case(String name, int exit, String message, Setup setup, Check check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String AIRLINE_HEADER = "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,"
      + "negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,"
      + "tweet_coord,tweet_created,tweet_location,user_timezone";

  static String airlineRow(int id, String airline, String text) {
    return (570_000_000_000_000_000L + id) + ",negative,1.0,,," + airline + ",,user" + id + ",,0," + text
        + ",,2015-02-24 11:35:52 -0800,,";
  }

  static Path airline(Path dir, String name, String... rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(AIRLINE_HEADER);
    lines.addAll(List.of(rows));
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  static Path goodAirline(Path dir) throws IOException {
    return airline(dir, "Tweets.csv", airlineRow(1, "United", "\"@united ok\""), airlineRow(2, "Delta", "\"@delta ok\""));
  }

  static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static List<String> ingest(Path dir, String... more) {
    List<String> a = new ArrayList<>(List.of("ingest", "--master", "local[2]", "--out", dir.resolve("out").toString()));
    a.addAll(List.of(more));
    return a;
  }

  static List<String> args(String... a) {
    return List.of(a);
  }

  /** A sealed bundle with the golden exported scorer beside it; returns the bundle file. */
  static Path bundle(Path dir) throws IOException {
    Path scorer = Path.of(System.getProperty("crisislab.home", ".."), "models/src/test/resources/golden/scorer-v1.json");
    Path b = Files.createDirectories(dir.resolve("bundle"));
    Files.copy(scorer, b.resolve("scorer.json"));
    CalibrationBundle cb = new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, "2026-11-25T23:00:00Z",
        new CalibrationBundle.Provenance("0.1.0", null, null, null),
        new CalibrationBundle.Classifier("scorer.json", Digests.sha256(b.resolve("scorer.json")), 0.5, null, "isotonic",
            Map.of("aucRoc", 0.9)), List.of(), null, null).sealed();
    return Files.writeString(b.resolve(CalibrationBundle.FILE_NAME), cb.toJson());
  }

  static List<String> check(Path bundle) {
    return List.of("calibration", "check", bundle.toString());
  }

  static Path config(Path dir, String yaml) throws IOException {
    return write(dir, "bad.yaml", yaml);
  }

  static String quarantine(Path out) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(out.resolve("quarantine"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        sb.append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  static JsonNode report(Path out) throws IOException {
    return Json.mapper().readTree(out.resolve("ingest-report.json").toFile());
  }

  static final Check NONE = (out, r) -> { };

  static Case c(String name, int exit, String message, Setup setup) {
    return new Case(name, exit, message, setup, NONE);
  }

  static Case c(String name, int exit, String message, Setup setup, Check check) {
    return new Case(name, exit, message, setup, check);
  }

  static List<Case> cases() {
    List<Case> l = new ArrayList<>();
    // ---- flags and values (exit 2 before any data is read)
    l.add(c("ingest without --format", 2, "--format", d -> args("ingest", "--input", goodAirline(d).toString(),
        "--out", d.resolve("out").toString())));
    l.add(c("unknown --format", 2, "unknown format", d -> ingest(d, "--format", "tweetz", "--input", goodAirline(d).toString())));
    l.add(c("missing --input file", 2, "no such file or folder", d -> ingest(d, "--format", "airline", "--input",
        d.resolve("nope.csv").toString())));
    l.add(c("folder without the preset's files", 2, "no airline files", d -> ingest(d, "--format", "airline", "--input",
        Files.createDirectories(d.resolve("empty")).toString())));
    l.add(c("empty --author-salt", 2, "--author-salt must not be empty", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--author-salt", "")));
    l.add(c("zero --max-text-chars", 2, "--max-text-chars must be > 0", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--max-text-chars", "0")));
    l.add(c("--not-after not an instant", 2, "ISO-8601", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--not-after", "yesterday")));
    l.add(c("--column with a non-generic format", 2, "applies only to --format generic", d -> ingest(d, "--format",
        "airline", "--input", goodAirline(d).toString(), "--column", "text=body")));
    l.add(c("generic without a text mapping", 2, "needs --column text", d -> ingest(d, "--format", "generic", "--input",
        write(d, "g.csv", "id,body\n1,hi\n").toString(), "--column", "post_id=id")));
    l.add(c("--column without '='", 2, "expected canonical=source", d -> ingest(d, "--format", "generic", "--input",
        write(d, "g.csv", "id,body\n1,hi\n").toString(), "--column", "text")));
    l.add(c("--column to an unknown canonical field", 2, "not a canonical field", d -> ingest(d, "--format", "generic",
        "--input", write(d, "g.csv", "id,body\n1,hi\n").toString(), "--column", "post_id=id,txt=body")));
    l.add(c("--column naming a missing CSV column", 2, "has no column 'nosuch'", d -> ingest(d, "--format", "generic",
        "--input", write(d, "g.csv", "id,body\n1,hi\n").toString(), "--column", "post_id=id,text=nosuch")));
    l.add(c("--column naming a missing JSONL field", 2, "has no field 'nosuch_column'", d -> ingest(d, "--format",
        "generic", "--input", write(d, "g.jsonl", "{\"id\":1,\"body\":\"hi\"}\n").toString(), "--column",
        "post_id=id,text=nosuch_column")));
    l.add(c("zero --max-record-lines", 2, "--max-record-lines must be >= 1", d -> ingest(d, "--format", "airline",
        "--input", goodAirline(d).toString(), "--max-record-lines", "0")));
    l.add(c("zero --split-mb", 2, "split size must be >= 1024 bytes", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--split-mb", "0")));
    l.add(c("unknown --duplicates policy", 2, "--duplicates", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--duplicates", "sometimes")));
    l.add(c("unknown flag", 2, "--no-such-flag", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--no-such-flag")));
    l.add(c("non-numeric --seed", 2, "--seed", d -> ingest(d, "--format", "airline", "--input", goodAirline(d).toString(),
        "--seed", "abc")));
    // ---- input files that are not what they claim
    l.add(c("zip archive named .csv", 2, "looks like a zip archive", d -> {
      Path z = d.resolve("Tweets.csv");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(z))) {
        zip.putNextEntry(new ZipEntry("Tweets.csv"));
        zip.write(Files.readAllBytes(goodAirline(Files.createDirectories(d.resolve("src")))));
      }
      return ingest(d, "--format", "airline", "--input", z.toString());
    }));
    l.add(c("Parquet named .csv", 2, "looks like Parquet", d -> ingest(d, "--format", "airline", "--input",
        Files.write(d.resolve("Tweets.csv"), "PAR1\0\0\0garbage".getBytes(StandardCharsets.ISO_8859_1)).toString())));
    l.add(c("UTF-16 text", 2, "NUL bytes", d -> ingest(d, "--format", "airline", "--input",
        Files.write(d.resolve("Tweets.csv"), (AIRLINE_HEADER + "\n").getBytes(StandardCharsets.UTF_16LE)).toString())));
    l.add(c("PDF named .csv", 2, "PDF", d -> ingest(d, "--format", "airline", "--input",
        Files.write(d.resolve("Tweets.csv"), "%PDF-1.4\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1)).toString())));
    l.add(c("gzip file named .csv is read decompressed", 0, "accepted 2", d -> {
      Path src = goodAirline(Files.createDirectories(d.resolve("src")));
      Path gz = d.resolve("Tweets.csv");
      try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
        out.write(Files.readAllBytes(src));
      }
      return ingest(d, "--format", "airline", "--input", gz.toString());
    }, (out, r) -> Assertions.assertEquals(2, report(out).get("accepted").asInt())));
    l.add(c("gzip JSONL (.jsonl.gz) is read decompressed", 0, "accepted 1", d -> {
      Path gz = d.resolve("g.jsonl.gz");
      try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
        out.write("{\"id\":\"1\",\"body\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8));
      }
      return ingest(d, "--format", "generic", "--input", gz.toString(), "--column", "post_id=id,text=body");
    }));
    l.add(c("empty CSV file", 1, "no readable CSV header", d -> ingest(d, "--format", "airline", "--input",
        write(d, "Tweets.csv", "").toString())));
    l.add(c("header missing a needed column", 1, "has no column 'text'", d -> ingest(d, "--format", "airline", "--input",
        write(d, "Tweets.csv", AIRLINE_HEADER.replace(",text,", ",body,") + "\n").toString())));
    l.add(c("header only, no rows", 0, "accepted 0", d -> ingest(d, "--format", "airline", "--input",
        airline(d, "Tweets.csv").toString())));
    // ---- bad rows: quarantined with their line, the run goes on
    l.add(c("unterminated quote mid-file", 0, "accepted 5", d -> ingest(d, "--format", "airline", "--input",
        airline(d, "Tweets.csv", airlineRow(1, "United", "\"@united a\""), airlineRow(2, "United", "\"@united b\""),
            airlineRow(3, "United", "\"@united never closed").replace("\",,2015", ",,2015"),
            airlineRow(4, "Delta", "\"@delta c\""), airlineRow(5, "Delta", "\"@delta d\nsecond line\""),
            airlineRow(6, "Delta", "\"@delta e\"")).toString()), (out, r) -> {
              Assertions.assertTrue(quarantine(out).contains("Tweets.csv:4"), quarantine(out));
              Assertions.assertEquals("Tweets.csv:4", report(out).get("resynchronisedAt").get(0).asText());
            }));
    l.add(c("unterminated quote in the last row", 0, "accepted 1", d -> ingest(d, "--format", "airline", "--input",
        airline(d, "Tweets.csv", airlineRow(1, "United", "\"@united a\""),
            airlineRow(2, "United", "\"@united open").replace("\",,2015", ",,2015")).toString()),
        (out, r) -> Assertions.assertTrue(quarantine(out).contains("malformed_record"))));
    l.add(c("row with too few fields", 0, "rejected 1", d -> ingest(d, "--format", "airline", "--input",
        airline(d, "Tweets.csv", airlineRow(1, "United", "\"@united a\""),
            airlineRow(2, "United", "\"@united b\"").replaceFirst(",,$", "")).toString()),
        (out, r) -> Assertions.assertTrue(quarantine(out).contains("expected 15 fields, found 13"))));
    l.add(c("invalid UTF-8 bytes in a row", 0, "rejected 1", d -> {
      Path f = goodAirline(d);
      Files.write(f, (airlineRow(3, "United", "\"@united \u00ff\"") + "\n").getBytes(StandardCharsets.ISO_8859_1),
          java.nio.file.StandardOpenOption.APPEND);
      return ingest(d, "--format", "airline", "--input", f.toString());
    }, (out, r) -> Assertions.assertTrue(quarantine(out).contains("invalid_utf8"))));
    l.add(c("--strict with a bad row", 1, "--strict", d -> ingest(d, "--format", "airline", "--strict", "--input",
        airline(d, "Tweets.csv", airlineRow(1, "United", "\"@united a\""), airlineRow(2, "United", "\"\"")).toString()),
        (out, r) -> Assertions.assertFalse(Files.exists(out.resolve("posts")), "a failed strict run writes no posts")));
    l.add(c("script tags and path-like brand names", 0, "accepted 3", d -> ingest(d, "--format", "generic", "--input",
        write(d, "g.csv", "id,body,brand\n1,<script>alert(1)</script>,../../evil\n2,<img src=x onerror=alert(1)>,"
            + "\"<script>x</script>\"\n3,ok,/etc/passwd\n").toString(), "--column", "post_id=id,text=body,brand=brand"),
        (out, r) -> {
          try (Stream<Path> s = Files.walk(out)) {
            Assertions.assertTrue(s.allMatch(p -> p.normalize().startsWith(out)), "every output stays in the run folder");
          }
        }));
    // ---- run folders
    l.add(c("--out that is a file", 2, "is a file", d -> {
      Files.writeString(d.resolve("out"), "x");
      return ingest(d, "--format", "airline", "--input", goodAirline(d).toString());
    }));
    l.add(c("--out already holding a run", 2, "already holds", d -> {
      Files.createDirectories(d.resolve("out")).resolve("keep.txt").toFile().createNewFile();
      return ingest(d, "--format", "airline", "--input", goodAirline(d).toString());
    }, (out, r) -> Assertions.assertTrue(Files.exists(out.resolve("keep.txt")), "the existing folder is untouched")));
    l.add(c("leftover of a killed run is removed", 0, "accepted 2", d -> {
      Path stale = Files.createDirectories(d.resolve(".out.tmp-0badc0de"));
      Files.writeString(stale.resolve("part-00000.parquet"), "partial");
      Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
      return ingest(d, "--format", "airline", "--input", goodAirline(d).toString());
    }, (out, r) -> Assertions.assertFalse(Files.exists(out.resolveSibling(".out.tmp-0badc0de")))));
    // ---- --config
    l.add(c("--config file missing", 2, "file not found", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--config", d.resolve("nope.yaml").toString())));
    l.add(c("--config unknown key", 2, "line 2: unknown key 'mastr'", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--config", config(d, "seed: 1\nmastr: local[1]\n").toString())));
    l.add(c("--config map for a scalar", 2, "line 1: key 'seed' must be a whole number", d -> ingest(d, "--format",
        "airline", "--input", goodAirline(d).toString(), "--config", config(d, "seed: {value: 7}\n").toString())));
    l.add(c("--config list for a scalar", 2, "key 'seed' must be a whole number (option --seed), got a list", d ->
        ingest(d, "--format", "airline", "--input", goodAirline(d).toString(), "--config",
            config(d, "seed: [1, 2]\n").toString())));
    l.add(c("--config text for a boolean", 2, "key 'ingest.strict' must be true or false", d -> ingest(d, "--format",
        "airline", "--input", goodAirline(d).toString(), "--config", config(d, "ingest:\n  strict: maybe\n").toString())));
    l.add(c("--config YAML alias bomb", 2, "line 12: key 'seed' must be a whole number", d -> {
      StringBuilder y = new StringBuilder("train:\n  a: &a [x,x,x,x,x,x,x,x,x]\n");
      for (char ch = 'b'; ch <= 'j'; ch++) {
        String prev = "*" + (char) (ch - 1);
        y.append("  ").append(ch).append(": &").append(ch).append(" [")
            .append(String.join(",", java.util.Collections.nCopies(9, prev))).append("]\n");
      }
      y.append("seed: *j\n");
      return ingest(d, "--format", "airline", "--input", goodAirline(d).toString(), "--config",
          config(d, y.toString()).toString());
    }));
    l.add(c("--config larger than the YAML reader's limit", 2, "not valid YAML", d -> ingest(d, "--format", "airline",
        "--input", goodAirline(d).toString(), "--config", config(d, "seed: 1\nnotes: \"" + "x".repeat(3_200_000)
            + "\"\n").toString())));
    l.add(c("--config that is a list", 2, "expected a YAML mapping", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--config", config(d, "- seed\n- 7\n").toString())));
    l.add(c("--config with broken YAML syntax", 2, "not valid YAML", d -> ingest(d, "--format", "airline", "--input",
        goodAirline(d).toString(), "--config", config(d, "seed: [1, 2\n").toString())));
    // ---- calibration bundles
    l.add(c("calibration check: valid bundle", 0, "ok:", d -> check(bundle(d))));
    l.add(c("calibration check: no bundle", 1, "no calibration bundle here", d -> check(d.resolve("nothing"))));
    l.add(c("calibration check: truncated bundle", 1, "not valid JSON", d -> {
      Path b = bundle(d);
      String t = Files.readString(b);
      Files.writeString(b, t.substring(0, t.length() / 2));
      return check(b);
    }));
    l.add(c("calibration check: threshold edited 0.5 -> 0.9", 1, "'bodySha256' does not match", d -> {
      Path b = bundle(d);
      Files.writeString(b, Files.readString(b).replace("\"threshold\" : 0.5", "\"threshold\" : 0.9"));
      return check(b);
    }));
    l.add(c("calibration check: scorer.json edited", 1, "SHA-256", d -> {
      Path b = bundle(d);
      Path s = b.resolveSibling("scorer.json");
      Files.writeString(s, Files.readString(s).replaceFirst("\"threshold\" : 0.5", "\"threshold\" : 0.9"));
      return check(b);
    }));
    l.add(c("calibration check: re-sealed bundle whose threshold disagrees with the scorer", 1,
        "'classifier.threshold' is 0.9", d -> {
          Path b = bundle(d);
          ObjectNode tree = (ObjectNode) Json.mapper().readTree(b.toFile());
          ((ObjectNode) tree.get("classifier")).put("threshold", 0.9);
          tree.put(CalibrationBundle.DIGEST_KEY, CalibrationBundle.bodyDigest(tree));
          Files.writeString(b, tree.toString());
          return check(b);
        }));
    l.add(c("calibration check: keys reordered", 0, "ok:", d -> {
      Path b = bundle(d);
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(b.toFile());
      ObjectNode reordered = Json.mapper().createObjectNode();
      List<String> names = new ArrayList<>();
      tree.fieldNames().forEachRemaining(names::add);
      java.util.Collections.reverse(names);
      names.forEach(n -> reordered.set(n, tree.get(n)));
      Files.writeString(b, reordered.toString());
      return check(b);
    }));
    l.add(c("calibration check: schemaVersion 1 bundle", 1, "schemaVersion 1 is no longer read", d -> {
      Path b = bundle(d);
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(b.toFile());
      tree.put("schemaVersion", 1);
      tree.remove(CalibrationBundle.DIGEST_KEY);
      Files.writeString(b, tree.toString());
      return check(b);
    }));
    l.add(c("calibration check: schemaVersion from the future", 1, "unsupported calibration bundle schemaVersion 99", d -> {
      Path b = bundle(d);
      Files.writeString(b, Files.readString(b).replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 99"));
      return check(b);
    }));
    // ---- other jobs' inputs
    l.add(c("replay with a missing --windows file", 2, "missing-windows.json: no such file", d -> args("replay", "--master", "local[2]",
        "--out", d.resolve("out").toString(), "--series",
        write(d, "s.csv", "timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 00:05:00,2\n").toString(),
        "--windows", d.resolve("missing-windows.json").toString())));
    l.add(c("simulate --help prints no picocli warnings", 0, "±25% sensitivity", d -> args("simulate", "--help")));
    return l;
  }

  static Result run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  static Set<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return new HashSet<>(s.toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput(Case c) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("case"));
    List<String> args = c.setup().args(dir);
    Set<Path> before = files(dir);
    Path out = dir.resolve("out");
    java.io.PrintStream savedErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Result r;
    // the progress lines ("read 5, accepted 5, ...") go to System.err; keep them for the message check
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      r = run(args);
    } finally {
      System.setErr(savedErr);
    }
    String progress = captured.toString(StandardCharsets.UTF_8);
    Assertions.assertEquals(c.exit(), r.code(), c.name() + ":\n" + r.err() + progress);
    String all = r.out() + r.err() + progress;
    Assertions.assertTrue(all.contains(c.message()), c.name() + ": expected '" + c.message() + "' in:\n" + all);
    Assertions.assertFalse(progress.contains("[picocli WARN]"), progress);
    if (c.exit() != 0) {
      Assertions.assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      Assertions.assertFalse(r.err().matches("(?s).*\\b(java|org|com)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*"),
          "no Java class name: " + r.err());
      Assertions.assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
    // nothing outside the run folder: every new path is the run folder or below it
    for (Path p : files(dir)) {
      if (!before.contains(p)) {
        Assertions.assertTrue(p.startsWith(out), c.name() + ": wrote outside the run folder: " + p);
      }
    }
    if (c.exit() != 0 && !before.contains(out)) {
      Assertions.assertTrue(!Files.exists(out) || c.name().contains("strict"), c.name() + ": a failed run leaves no run folder");
    }
    c.check().check(out, r);
  }

  @Test
  void docsTableListsEveryCase() throws IOException {
    Path doc = Path.of(System.getProperty("crisislab.home", ".."), "docs/bad-inputs.md");
    String text = Files.readString(doc);
    long rows = text.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| #") && !l.startsWith("| ---")).count();
    Assertions.assertTrue(rows >= 50, "docs/bad-inputs.md has " + rows + " rows");
    for (Case c : cases()) {
      Assertions.assertTrue(text.contains("badInput[" + c.name() + "]"), "docs/bad-inputs.md misses case '" + c.name() + "'");
    }
  }
}
