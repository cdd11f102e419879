package io.crisislab.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.app.CrisisLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line frame: help, version, exit codes and YAML config validation (no Spark needed). */
class CrisisLabCliTest {
  @TempDir
  Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEverySubcommand() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String sub : new String[] {"generate", "ingest", "train", "score", "replay", "tune", "simulate",
        "report", "demo"}) {
      assertTrue(r.out().contains(sub), sub + " missing from help:\n" + r.out());
    }
  }

  @Test
  void versionPrintsProjectVersion() {
    Result r = run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("crisislab "), r.out());
    assertTrue(r.out().contains("Spark 4."), r.out());
  }

  @Test
  void unknownSubcommandOrFlagIsUsageError() {
    assertEquals(2, run("frobnicate").code());
    Result r = run("demo", "--no-such-flag");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--no-such-flag"), r.err());
  }

  @Test
  void missingConfigFileIsUsageErrorNamingIt() {
    Result r = run("demo", "--config", tmp.resolve("nope.yaml").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("nope.yaml"), r.err());
    assertFalse(r.err().contains("Exception"), "no stack trace without --verbose: " + r.err());
  }

  @Test
  void unknownYamlKeyIsUsageErrorListingAcceptedKeys() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("c.yaml"), "seed: 3\nmastr: local[2]\n");
    Result r = run("demo", "--config", cfg.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown key 'mastr'"), r.err());
    assertTrue(r.err().contains("master"), r.err());
  }

  @Test
  void wrongYamlValueTypeIsUsageErrorNamingTheOption() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("c.yaml"), "seed: not-a-number\n");
    Result r = run("demo", "--config", cfg.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--seed"), r.err());
  }

  @Test
  void yamlSectionForAnotherSubcommandIsIgnoredButItsOwnIsChecked() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("c.yaml"), "train:\n  bogus: 1\ndemo:\n  typo: 2\n");
    Result r = run("demo", "--config", cfg.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("demo.typo"), r.err());
  }
}
