package io.crisislab.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.RunManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir
  Path tmp;

  static RunContext ctx(RunFolder f) {
    return new RunContext("unit", f.runId(), f.workDir(), 7L,
        new Progress("unit", new PrintStream(new ByteArrayOutputStream())));
  }

  @Test
  void committedRunHasManifestListingOutputs() throws IOException {
    Path out = tmp.resolve("run1");
    Path input = Files.writeString(tmp.resolve("in.csv"), "a,b\n1,2\n");
    try (RunFolder f = RunFolder.open("unit", out, false, tmp)) {
      RunContext c = ctx(f);
      Files.writeString(c.file("result.txt"), "42\n");
      c.input(input);
      c.count("rows", 1);
      assertFalse(Files.exists(out), "nothing visible before commit");
      f.commit(c, Map.of("k", "v"), "0.1.0", null, Map.of("java", "17"));
    }
    RunManifest m = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    assertEquals("unit", m.job());
    assertEquals("succeeded", m.status());
    assertEquals(1L, m.counts().get("rows"));
    assertEquals(7L, m.seeds().get("master"));
    assertEquals("result.txt", m.outputs().get(0).path());
    assertEquals(8, m.inputs().get(0).bytes());
    assertEquals(64, m.inputs().get(0).sha256().length());
    assertNoTempSiblings();
  }

  @Test
  void crashedRunLeavesNothing() throws IOException {
    Path out = tmp.resolve("crashed");
    assertThrows(IllegalStateException.class, () -> {
      try (RunFolder f = RunFolder.open("unit", out, false, tmp)) {
        Files.writeString(f.workDir().resolve("half.parquet"), "partial");
        throw new IllegalStateException("job died");
      }
    });
    assertFalse(Files.exists(out));
    assertNoTempSiblings();
  }

  @Test
  void existingRunIsRefusedUnlessOverwrite() throws IOException {
    Path out = tmp.resolve("run2");
    try (RunFolder f = RunFolder.open("unit", out, false, tmp)) {
      f.commit(ctx(f), Map.of(), "0.1.0", null, Map.of());
    }
    UsageException e = assertThrows(UsageException.class, () -> RunFolder.open("unit", out, false, tmp));
    assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
    try (RunFolder f = RunFolder.open("unit", out, true, tmp)) {
      Files.writeString(f.workDir().resolve("second.txt"), "2");
      f.commit(ctx(f), Map.of(), "0.1.0", null, Map.of());
    }
    assertTrue(Files.exists(out.resolve("second.txt")));
    assertNoTempSiblings();
  }

  @Test
  void defaultFolderIsUnderRunsJobTimestamp() {
    try (RunFolder f = RunFolder.open("train", null, false, tmp.resolve("runs"))) {
      assertTrue(f.target().startsWith(tmp.resolve("runs").resolve("train")));
      assertTrue(f.target().getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}"),
          f.target().toString());
    }
  }

  private void assertNoTempSiblings() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")
          || p.getFileName().toString().contains(".old-")));
    }
  }
}
