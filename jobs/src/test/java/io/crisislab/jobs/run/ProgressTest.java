package io.crisislab.jobs.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void heartbeatNamesThePartRunningAndEstimatesTheRestOnceAPartIsDone() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new Progress("train", new PrintStream(buf, true, StandardCharsets.UTF_8));
    try (Progress.Heartbeat beat = p.heartbeat("search", 4)) {
      String start = beat.line();
      assertTrue(start.startsWith("search: 0/4 done, now starting, "), start);
      assertFalse(start.contains("left"), "no estimate before a part is done: " + start);
      beat.at(1, "grid point 1/2, fold 2/2");
      String mid = beat.line();
      assertTrue(mid.startsWith("search: 1/4 done, now grid point 1/2, fold 2/2, "), mid);
      assertTrue(mid.matches(".* s elapsed, ~\\d+ s left"), mid);
      beat.at(4, "done");
      assertFalse(beat.line().contains("left"), beat.line());
    }
  }
}
