package io.crisislab.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonPeerTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aKernelKillIsReportedAsOutOfMemoryWithItsTimeAndPeak() {
    PythonPeer.Outcome killed = new PythonPeer.Outcome(null, 137, "", 1530, 21_400_000_000L);
    assertEquals("out of memory (exit 137) after 25.5 min, 21.4 GB resident at most", killed.failure(HOUR));
    assertNull(new PythonPeer.Outcome("{}", 0, "", 3, 1).failure(HOUR));
    assertEquals("stopped at the 60-min cap", new PythonPeer.Outcome(null, -1, "", 3600, 1).failure(HOUR));
    assertEquals("failed (exit 3)", new PythonPeer.Outcome(null, 3, "boom", 1, 1).failure(HOUR));
  }

  @Test
  void aCappedRunIsTimedAndItsResidentSizeSampled() {
    PythonPeer.Outcome o = PythonPeer.run(Path.of("."), List.of("sh", "-c", "sleep 2; echo '{\"ok\": 1}'"), HOUR);
    assertEquals(0, o.exitCode());
    assertEquals("{\"ok\": 1}", o.lastLine());
    assertTrue(o.seconds() >= 2 && o.seconds() < 60, "seconds " + o.seconds());
    assertTrue(o.peakRssBytes() > 0, "a live process's VmHWM was sampled");
  }

  @Test
  void aRunPastItsCapIsStopped() {
    PythonPeer.Outcome o = PythonPeer.run(Path.of("."), List.of("sleep", "60"), Duration.ofSeconds(2));
    assertEquals(-1, o.exitCode());
    assertTrue(o.seconds() < 30, "stopped near the cap, not at the end: " + o.seconds());
  }
}
