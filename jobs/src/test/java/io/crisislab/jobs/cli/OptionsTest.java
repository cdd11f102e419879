package io.crisislab.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** One option table drives defaults, checks, the config record and the picocli model (help included). */
class OptionsTest {
  enum Shape {
    ROUND_ROBIN, FLAT;

    @Override
    public String toString() {
      return Choices.wire(this);
    }
  }

  static final Option<Integer> DAYS = Option.integer("--days", "D", "14", "Days (default: ${DEFAULT-VALUE}).")
      .check(d -> d >= 1, "must be >= 1");
  static final Option<Shape> SHAPE = Option.choice(Shape.class, "--shape", "S", "round-robin", "${COMPLETION-CANDIDATES}.");
  static final Option<List<Double>> GRID = Option.decimals("--grid", "R,...", "0.1,1", "Grid.");
  static final Option<Path> INPUT = Option.path("--input", "FILE", "Input.").required();
  static final Option<Long> BYTES = Option.integer("--split-mb", "MB", "2", "MiB.").as("splitBytes", mb -> (long) mb << 20);
  static final Option<Boolean> LOUD = Option.flag("--loud", "Loud.");

  record Config(int days, Shape shape, List<Double> grid, Path input, long splitBytes, boolean loud) {}

  static final Options<Config> OPTIONS = Options.of(Config.class, DAYS, SHAPE, GRID, INPUT, BYTES, LOUD);

  record Wrong(int days) {}

  @Test
  void defaultsAreParsedOnceFromTheDeclaration() {
    Config c = OPTIONS.defaults().with(INPUT, Path.of("x")).build();
    assertEquals(new Config(14, Shape.ROUND_ROBIN, List.of(0.1, 1.0), Path.of("x"), 2L << 20, false), c);
    assertEquals(7, OPTIONS.defaults().with(DAYS, 7).with(INPUT, Path.of("x")).build().days());
    assertEquals("splitBytes", BYTES.key());
    assertEquals("days", DAYS.key());
  }

  @Test
  void checksNameTheFlag() {
    UsageException e = assertThrows(UsageException.class,
        () -> OPTIONS.defaults().with(DAYS, 0).with(INPUT, Path.of("x")).build());
    assertEquals("--days must be >= 1, got 0", e.getMessage());
  }

  @Test
  void aRecordThatDoesNotMatchItsTableIsRefusedAtOnce() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Options.of(Wrong.class, DAYS, SHAPE));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
  }

  @Command(name = "t")
  static final class Cmd implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void thePicocliModelAndHelpComeFromTheTable() {
    CommandLine cl = new CommandLine(new Cmd());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    CommandSpec spec = cl.getCommandSpec();
    OPTIONS.addTo(spec);
    String help = cl.getUsageMessage();
    assertTrue(help.contains("--days=D") && help.contains("Days (default: 14)."), help);
    assertTrue(help.contains("round-robin, flat."), help);
    cl.parseArgs("--input", "in", "--days", "3", "--shape", "flat", "--grid", "2,3", "--split-mb", "1", "--loud");
    assertEquals(new Config(3, Shape.FLAT, List.of(2.0, 3.0), Path.of("in"), 1L << 20, true),
        OPTIONS.fromCli(spec).build());
    assertNull(OPTIONS.fromCli(spec).get(LOUD) ? null : "loud not set");
  }
}
