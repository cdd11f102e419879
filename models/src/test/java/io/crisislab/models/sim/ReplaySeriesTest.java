package io.crisislab.models.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.stats.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbound surges replayed from a recorded volume series. */
class ReplaySeriesTest {
  @TempDir
  Path tmp;

  @Test
  void bucketsBecomeSegmentsAndScaleToTheRequestedTotal() throws Exception {
    Files.writeString(tmp.resolve("incident.csv"), """
        timestamp,value
        2015-03-03 04:00:00,10
        2015-03-03 04:05:00,30
        2015-03-03 04:10:00,60
        2015-03-03 04:15:00,100
        """);
    Path sc = tmp.resolve("replay.yaml");
    Files.writeString(sc, """
        name: replay
        start: 2026-11-28T02:00:00Z
        inbound:
          series: {file: incident.csv, from: "2015-03-03 04:05:00", hours: 0.25, scale_to_messages: 1900}
        """);
    Scenario s = Scenario.load(sc);
    // window 04:05 .. 04:20: buckets 30, 60, 100 (190 messages), scaled to 1900
    assertEquals(3, s.segments().size());
    assertEquals(0, s.segments().get(0).fromMinutes(), 1e-9);
    assertEquals(15, s.segments().get(2).toMinutes(), 1e-9);
    assertEquals(1900, s.expectedMessages(), 1e-6);
    assertEquals(60 / 5.0 * 10, s.segments().get(1).perMinute(), 1e-9);

    Files.writeString(sc, Files.readString(sc).replace("incident.csv", "missing.csv"));
    UsageException e = assertThrows(UsageException.class, () -> Scenario.load(sc));
    assertTrue(e.getMessage().contains("line 4, key inbound.series.file") && e.getMessage().contains("not found"),
        e.getMessage());
  }

  @Test
  void aRealNabSeriesWindowReplays() {
    String shared = System.getProperty("crisislab.shared");
    Assumptions.assumeTrue(shared != null && Files.exists(Path.of(shared, "nab-tweets/Twitter_volume_AAPL.csv")));
    Path home = ExamplePlansTest.home();
    Scenario s = Scenario.load(home.resolve("data/scenarios/replay-aapl-2015-03-03.yaml"));
    assertEquals(2000, s.expectedMessages(), 1e-6);
    Model m = new Model(Plan.load(home.resolve("data/plans/brand-crisis-12-step.yaml")), s);
    Results r = Simulator.columns(m, 1, 50, 1);
    assertTrue(Stats.mean(r.messagesArrived).covers(2000), Stats.mean(r.messagesArrived).toString());
  }
}
