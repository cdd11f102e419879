package io.crisislab.jobs.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.OperationalScore;
import io.crisislab.models.nab.Window;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay.json read back through its one record; other format versions refused with what to do. */
class ReplaySummaryTest {
  @TempDir
  Path tmp;

  @Test
  void theFixtureReadsTypedAndWritesBackToTheSameRecord() throws Exception {
    Path f = tmp.resolve("replay.json");
    try (InputStream in = ReplaySummaryTest.class.getResourceAsStream("/report/replay-channels.json")) {
      Files.write(f, in.readAllBytes());
    }
    ReplaySummary s = ReplaySummary.read(f);
    assertEquals(ReplaySummary.FORMAT_VERSION, s.formatVersion());
    assertEquals("surge", s.series().get(0).rule().detector());
    assertEquals(3, s.operational().incidents());
    assertEquals(2, s.operational().detected());
    assertNull(s.incidents().get(2).firstAlert());
    Path back = tmp.resolve("back.json");
    Files.writeString(back, Json.write(s));
    assertEquals(s, ReplaySummary.read(back));
  }

  @Test
  void aVersionOneFileIsRefusedNamingFileVersionsAndTheFix() throws Exception {
    Path f = tmp.resolve("replay.json");
    Files.writeString(f, "{\"series\": [{\"id\": \"a\", \"rule\": {\"detector\": \"surge\", \"threshold\": 1.0}}]}");
    DataException e = assertThrows(DataException.class, () -> ReplaySummary.read(f));
    assertEquals(f + ": replay.json format version 1 is not supported (expected " + ReplaySummary.FORMAT_VERSION
        + "); re-run replay to write the current version", e.getMessage());
  }

  @Test
  void theVersionBeforeThisOneIsRefusedToo() throws Exception {
    Path f = tmp.resolve("replay.json");
    Files.writeString(f, "{\"formatVersion\": 2, \"series\": []}");
    DataException e = assertThrows(DataException.class, () -> ReplaySummary.read(f));
    assertTrue(e.getMessage().contains("format version 2 is not supported (expected 3); re-run replay"), e.getMessage());
  }

  @Test
  void estimatesCarryTheirCountAndAnIntervalFromTheIncidents() {
    long h = 3600;
    List<OperationalScore.Incident> incidents = new ArrayList<>();
    for (int k = 0; k < 9; k++) {
      long start = k * 100 * h;
      // alerts k*10 minutes into the window, 2 h before the peak; the last three windows are missed
      incidents.add(new OperationalScore.Incident("s", new Window(start, start + 6 * h), start + 2 * h + k * 600,
          k < 6 ? start + k * 600L : null));
    }
    OperationalScore op = new OperationalScore(9, 6, 25.0, 50.0, 120.0, 120.0, 4, 8.0, 0.5, 1.0);
    ReplaySummary.Estimates e = ReplaySummary.Estimates.of(op, incidents);
    assertEquals(9, e.detectedShare().n());
    assertEquals(6 / 9.0, e.detectedShare().value(), 1e-12);
    assertTrue(e.detectedShare().ci95Low() < 6 / 9.0 && e.detectedShare().ci95High() > 6 / 9.0);
    assertEquals(6, e.medianDelayMinutes().n());
    assertEquals(25.0, e.medianDelayMinutes().value(), 1e-9, "median of 0, 10, ..., 50 minutes");
    assertEquals(0.0, e.medianDelayMinutes().ci95Low());
    assertEquals(50.0, e.medianDelayMinutes().ci95High());
    assertEquals(120.0, e.medianLeadTimeMinutes().value(), 1e-9);
    assertEquals(4, e.falseAlarmsPerWeek().n());
    assertEquals(0.5, e.falseAlarmsPerWeek().value(), 1e-12);
    assertTrue(e.falseAlarmsPerWeek().ci95Low() < 0.5 && e.falseAlarmsPerWeek().ci95High() > 0.5);
  }

  @Test
  void aRenamedFieldIsAnErrorNamingTheFile() throws Exception {
    Path f = tmp.resolve("replay.json");
    Files.writeString(f, "{\"formatVersion\": " + ReplaySummary.FORMAT_VERSION + ", \"serie\": []}");
    DataException e = assertThrows(DataException.class, () -> ReplaySummary.read(f));
    assertTrue(e.getMessage().startsWith(f + ": not a replay.json of format version"), e.getMessage());
  }
}
