package io.crisislab.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crisislab.jobs.bundle.BundleBuilder;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.run.RunManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders: --out checked before the job, killed runs' leftovers removed, outputs 0644, final paths only. */
class RunFolderSafetyTest {
  @TempDir
  Path tmp;

  static boolean posix(Path p) throws IOException {
    return Files.getFileStore(p).supportsFileAttributeView("posix");
  }

  @Test
  void readOnlyOutIsRefusedBeforeTheJobStarts() throws IOException {
    assumeTrue(posix(tmp) && !"root".equals(System.getProperty("user.name")), "needs POSIX permissions, not root");
    Path parent = Files.createDirectories(tmp.resolve("locked"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      UsageException e = assertThrows(UsageException.class, () -> RunFolder.open("unit", parent.resolve("run"), false, tmp));
      assertTrue(e.getMessage().contains("not writable") && e.getMessage().contains(parent.toString()), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void outThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    UsageException e = assertThrows(UsageException.class, () -> RunFolder.open("unit", file, true, tmp));
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void leftoversOfKilledRunsAreRemovedButALiveRunIsNot() throws IOException {
    try (RunFolder live = RunFolder.open("unit", tmp.resolve("other"), false, tmp)) {
      Path killed = Files.createDirectories(tmp.resolve(".run.tmp-0badc0de"));
      Files.writeString(killed.resolve("part-0000.parquet"), "partial output");
      Path oldTrash = Files.createDirectories(tmp.resolve(".run.old-20260101T000000Z-12345678"));
      Path unrelated = Files.createDirectories(tmp.resolve(".cache"));
      FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
      Files.setLastModifiedTime(killed, longAgo);
      Files.setLastModifiedTime(oldTrash, longAgo);
      Files.setLastModifiedTime(unrelated, longAgo);
      Files.setLastModifiedTime(live.workDir(), longAgo);
      try (RunFolder f = RunFolder.open("unit", tmp.resolve("run"), false, tmp)) {
        assertEquals(2, f.removedStale().size(), f.removedStale().toString());
        assertFalse(Files.exists(killed));
        assertFalse(Files.exists(oldTrash));
        assertTrue(Files.exists(unrelated), "only our own leftovers are touched");
        assertTrue(Files.exists(live.workDir()), "a run still holding its lock is not a leftover");
      }
    }
  }

  @Test
  void outputsAreMode0644AndManifestsNameNoTempFolder() throws IOException {
    assumeTrue(posix(tmp), "needs POSIX permissions");
    Path out = tmp.resolve("run");
    Path input = Files.writeString(tmp.resolve("in.csv"), "a\n1\n");
    try (RunFolder f = RunFolder.open("unit", out, false, tmp)) {
      RunContext c = RunFolderTest.ctx(f);
      AtomicFiles.writeString(c.file("report.json"), "{}\n");
      c.input(input);
      f.commit(c, Map.of("out", out.toString()), "0.1.0", null, Map.of());
    }
    for (String name : new String[] {"report.json", RunManifest.FILE_NAME}) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name))), name);
    }
    String manifest = Files.readString(out.resolve(RunManifest.FILE_NAME));
    assertFalse(manifest.contains(".tmp-"), manifest);
    assertFalse(manifest.contains(".running.lock"), manifest);
    try (Stream<Path> s = Files.list(out)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".running")), "the live lock is gone");
    }
  }

  /**
   * The demo runs each step in its own run folder inside its own temporary folder: the steps'
   * manifests, and a bundle built from them, must name the final paths, not {@code .tmp-} ones.
   */
  @Test
  void nestedStepManifestsAndBundlesNameFinalPathsOnly() throws Exception {
    Path demo = tmp.resolve("demo");
    Path stepInput;
    try (RunFolder outer = RunFolder.open("demo", demo, false, tmp)) {
      RunContext octx = RunFolderTest.ctx(outer);
      Path first = JobCommand.runStep("generate", outer.workDir().resolve("01-generate"), 1, Map.of(), null,
          octx.progress(), c -> Files.writeString(c.file("posts.csv"), "id\n1\n"));
      stepInput = first.resolve("posts.csv");
      JobCommand.runStep("train", outer.workDir().resolve("02-train"), 1,
          Map.of("posts", stepInput.toString()), null, octx.progress(), c -> {
            c.input(stepInput);
            Files.copy(Path.of(System.getProperty("crisislab.home", ".."), "models/src/test/resources/golden/scorer-v1.json"),
                c.file("scorer.json"));
            Files.writeString(c.file("metrics.json"), "{\"formatVersion\":2,\"threshold\":0.5,\"calibration\":{\"method\":\"isotonic\"}}");
          });
      Path bundleDir = Files.createDirectories(outer.workDir().resolve("bundle"));
      BundleBuilder.build(RunInfo.discover(List.of(outer.workDir())), bundleDir, null);
      octx.input(stepInput);
      outer.commit(octx, Map.of("steps", List.of(outer.workDir().resolve("01-generate").toString())), "0.1.0", null, Map.of());
    }
    List<Path> texts;
    try (Stream<Path> s = Files.walk(demo)) {
      texts = s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().equals("scorer.json"))
          .toList();
    }
    assertTrue(texts.size() >= 4, texts.toString());
    for (Path p : texts) {
      String t = Files.readString(p);
      assertFalse(t.contains(".tmp-"), p + " names a temporary folder:\n" + t);
    }
    RunManifest train = RunManifest.read(demo.resolve("02-train").resolve(RunManifest.FILE_NAME));
    assertEquals(demo.resolve("01-generate/posts.csv").toString(), train.inputs().get(0).path());
    assertTrue(Files.exists(Path.of(train.inputs().get(0).path())), "the recorded input exists after the commit");
    String bundle = Files.readString(demo.resolve("bundle").resolve(CalibrationBundle.FILE_NAME));
    assertTrue(bundle.contains(demo.resolve("01-generate/posts.csv").toString()), bundle);
  }
}
