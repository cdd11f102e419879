package io.crisislab.jobs.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void aRenamedFieldIsAnErrorNamingTheFile() throws Exception {
    Path f = tmp.resolve("replay.json");
    Files.writeString(f, "{\"formatVersion\": " + ReplaySummary.FORMAT_VERSION + ", \"serie\": []}");
    DataException e = assertThrows(DataException.class, () -> ReplaySummary.read(f));
    assertTrue(e.getMessage().startsWith(f + ": not a replay.json of format version"), e.getMessage());
  }
}
