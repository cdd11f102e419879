package io.crisislab.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The "still working" lines, driven with made-up clock readings (no waiting). */
class ProgressTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void aQuietStepGetsALineEveryTenSecondsNamingWhatRunsAndTheQuietChildsLastStage() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new Progress("demo", new PrintStream(buf, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    p.working("step 3 train");
    Progress child = p.quiet();
    child.stage("fit pipeline", 11_712);
    p.tick(t0 + 5 * SECOND);
    assertEquals("", buf.toString(StandardCharsets.UTF_8), "nothing before 10 s; the child prints nothing");
    p.tick(t0 + 11 * SECOND);
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("[demo] still working on step 3 train (last done: fit pipeline): 1"), out);
    assertTrue(out.contains(" in total"), out);
    p.tick(t0 + 15 * SECOND);
    assertEquals(1, out.lines().count());
    assertEquals(1, buf.toString(StandardCharsets.UTF_8).lines().count(), "the next line only 10 s after the last");
    p.tick(t0 + 22 * SECOND);
    assertEquals(2, buf.toString(StandardCharsets.UTF_8).lines().count());
  }

  @Test
  void aLineResetsTheClock() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new Progress("train", new PrintStream(buf, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    p.info("fold 1/3");
    p.tick(t0 + 9 * SECOND);
    assertEquals(1, buf.toString(StandardCharsets.UTF_8).lines().count());
    assertEquals("45 s", Progress.duration(45));
    assertEquals("3m05s", Progress.duration(185));
    assertEquals("1h02m", Progress.duration(3720));
  }

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

  @Test
  void theTickerPrintsTheOpenHeartbeatInsteadOfAGenericLine() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new Progress("train", new PrintStream(buf, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    try (Progress.Heartbeat beat = p.heartbeat("search", 6)) {
      beat.at(2, "grid point 3/6");
      p.tick(t0 + 11 * SECOND);
      String out = buf.toString(StandardCharsets.UTF_8);
      assertTrue(out.startsWith("[train] search: 2/6 done, now grid point 3/6, "), out);
      assertTrue(out.contains(" left"), out);
    }
    p.tick(t0 + 22 * SECOND);
    String after = buf.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
    assertTrue(after.startsWith("[train] still working"), "a closed heartbeat no longer prints: " + after);
  }

  @Test
  void aQuietChildsHeartbeatIsPrintedLiveByItsParent() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress demo = new Progress("demo", new PrintStream(buf, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    demo.working("step 3 train");
    Progress train = demo.quiet();
    try (Progress.Heartbeat beat = train.heartbeat("search", 2)) {
      beat.at(1, "fold 2/2");
      demo.tick(t0 + 11 * SECOND);
      String out = buf.toString(StandardCharsets.UTF_8);
      assertTrue(out.startsWith("[demo] step 3 train: search: 1/2 done, now fold 2/2, "), out);
    }
    demo.tick(t0 + 22 * SECOND);
    String last = buf.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("[demo] still working on step 3 train"), last);
  }
}
