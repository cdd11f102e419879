package io.crisislab.models.sim;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.stats.Stats.Estimate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** comparison.json read back through its typed reader: what was written, and a foreign format refused by name. */
class ComparisonReadTest {
  @TempDir
  Path tmp;

  static Comparison sample(String format) {
    Comparison.MilestoneDiff m = new Comparison.MilestoneDiff("holding_statement", 990, 200.0, 150.0,
        new Estimate(-50.0, -55.0, -45.0), 410.0, 220.0, new Estimate(-190.0, -202.0, -178.0), "faster");
    Comparison.SlaDiff sla = new Comparison.SlaDiff("within 4h", new Estimate(0.31, 0.28, 0.34),
        new Estimate(0.12, 0.10, 0.14));
    return new Comparison(format, "a", "b", "surge", 7, 1000, List.of(m), List.of(sla), List.of("faster"));
  }

  @Test
  void readsBackWhatWasWritten() throws Exception {
    Path f = tmp.resolve("comparison.json");
    Files.writeString(f, Json.write(sample(Comparison.FORMAT)));
    Assertions.assertEquals(sample(Comparison.FORMAT), Comparison.read(f));
  }

  @Test
  void refusesAnotherFormatAndAMalformedFileNamingThem() throws Exception {
    Path old = tmp.resolve("old.json");
    Files.writeString(old, Json.write(sample("crisislab-simulate-comparison/0")));
    DataException e = Assertions.assertThrows(DataException.class, () -> Comparison.read(old));
    Assertions.assertTrue(e.getMessage().contains("old.json") && e.getMessage().contains("expected '"
        + Comparison.FORMAT + "'"), e.getMessage());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"format\": ");
    e = Assertions.assertThrows(DataException.class, () -> Comparison.read(bad));
    Assertions.assertTrue(e.getMessage().startsWith("cannot read simulation comparison ") && e.getMessage().contains("bad.json"),
        e.getMessage());
  }
}
