package io.crisislab.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code --config} value is type-checked against its option: a map, a list for a one-value
 * option, or a scalar of the wrong type is exit 2 naming the file, the line and the key. No Spark.
 */
class ConfigStrictnessTest {
  @TempDir
  Path tmp;

  CrisisLabCliTest.Result run(String yaml, String... args) throws Exception {
    Path cfg = Files.writeString(tmp.resolve("bad.yaml"), yaml);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = cfg.toString();
    return CrisisLabCliTest.run(all);
  }

  static void assertNamed(CrisisLabCliTest.Result r, String key, int line) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("bad.yaml"), "names the file: " + r.err());
    assertTrue(r.err().contains("line " + line), "names the line: " + r.err());
    assertTrue(r.err().contains("'" + key + "'"), "names the key: " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  /** Must show: the issue's {@code seed: {value: 7}} no longer runs with seed 42. */
  @Test
  void mapValueForAScalarOptionIsExit2NamingFileLineAndKey() throws Exception {
    assertNamed(run("master: local[1]\nseed: {value: 7}\n", "demo"), "seed", 2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "list for a one-value option|seed: [1, 2]|seed|1",
      "text for a whole number|seed: seven|seed|1",
      "fraction for a whole number|seed: 1.5|seed|1",
      "text for a boolean|overwrite: 'yes please'|overwrite|1",
      "number for a boolean|overwrite: 1|overwrite|1",
      "nested map in a section|demo:\\n  brands: {n: 3}|demo.brands|2",
      "list in a section|demo:\\n  days: [1, 2]|demo.days|2",
      "bad enum value|ingest:\\n  duplicates: sometimes|ingest.duplicates|2"})
  void wrongShapeIsExit2NamingFileLineAndKey(String what, String yaml, String key, int line) throws Exception {
    String sub = key.startsWith("ingest") ? "ingest" : "demo";
    String[] args = sub.equals("ingest") ? new String[] {"ingest", "--format", "airline", "--input", tmp.toString()}
        : new String[] {"demo"};
    assertNamed(run(yaml.replace("\\n", "\n") + "\n", args), key, line);
  }

  @Test
  void rightShapesPassTheCheck() throws Exception {
    // a valid config still fails later (a flag checked before Spark starts), but not on the config
    CrisisLabCliTest.Result r = run("seed: 7\noverwrite: true\nshuffle-partitions: 4\ningest:\n  duplicates: KEEP\n"
        + "  column: [post_id=id, text=body]\n", "ingest", "--format", "generic", "--input", tmp.toString(),
        "--max-text-chars", "0");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--max-text-chars") && !r.err().contains("bad.yaml"), r.err());
  }

  @Test
  void unknownKeyNamesItsLine() throws Exception {
    CrisisLabCliTest.Result r = run("seed: 3\n\nmastr: local[2]\n", "demo");
    assertNamed(r, "mastr", 3);
  }

  /** The billion-laughs shape: anchors nine deep under another command's section, used by a real key. */
  static String aliasBomb() {
    StringBuilder y = new StringBuilder("train:\n  a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      y.append("  ").append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      y.append("]\n");
      prev = c;
    }
    return y.append("seed: *k\n").toString();
  }

  @Test
  void yamlAliasBombIsExit2WithACleanMessage() throws Exception {
    CrisisLabCliTest.Result r = run(aliasBomb(), "demo");
    assertNamed(r, "seed", 13);
  }

  @Test
  void oversizedYamlIsExit2WithACleanMessage() throws Exception {
    StringBuilder y = new StringBuilder("seed: 1\nnotes: \"");
    y.append("x".repeat(3_200_000)).append("\"\n");
    CrisisLabCliTest.Result r = run(y.toString(), "demo");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("bad.yaml") && r.err().contains("not valid YAML"), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("org.yaml") || r.err().contains("com.fasterxml"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void helpOfEveryCommandPrintsNoPicocliWarnings() throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (String cmd : new String[] {"generate", "ingest", "train", "score", "replay", "tune", "simulate", "report",
          "demo", "bench"}) {
        CrisisLabCliTest.Result r = CrisisLabCliTest.run(cmd, "--help");
        assertEquals(0, r.code(), cmd);
        assertFalse(r.err().contains("WARN"), cmd + ": " + r.err());
      }
      CrisisLabCliTest.Result sim = CrisisLabCliTest.run("simulate", "--help");
      assertTrue(sim.out().contains("±25% sensitivity"), sim.out());
    } finally {
      System.setErr(saved);
    }
    assertFalse(captured.toString(StandardCharsets.UTF_8).contains("[picocli WARN]"), captured.toString(StandardCharsets.UTF_8));
  }
}
