package io.crisislab.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {
  @TempDir
  Path tmp;

  static RunManifest sample() {
    return new RunManifest(1, "train", "20261125T120000Z-abcdef12", "0.1.0", "0123456789ab", "succeeded",
        "2026-11-25T12:00:00Z", "2026-11-25T12:01:30.5Z",
        Map.of("task", "binary", "regParam", List.of(0.01, 0.1)),
        Map.of("master", 42L, "split", 43L),
        List.of(new FileDigest("data/posts.csv", 12, "ab".repeat(32), List.of())),
        List.of(new FileDigest("metrics.json", 3, "cd".repeat(32), List.of())),
        Map.of("read", 14640L, "train", 11712L),
        Map.of("java", "17.0.15", "spark", "4.2.0"));
  }

  @Test
  void roundTripsThroughJson() throws IOException {
    RunManifest m = sample();
    Path f = tmp.resolve("manifest.json");
    AtomicFiles.writeString(f, m.toJson());
    assertEquals(m, RunManifest.read(f));
  }

  @Test
  void matchesGoldenFileForSchemaVersion1() throws IOException {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/manifest-v1.json")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, sample().toJson(), "manifest.json format changed: bump SCHEMA_VERSION and add a golden file");
    assertEquals(sample(), Json.mapper().readValue(golden, RunManifest.class));
  }

  @Test
  void rejectsUnknownKeysAndOtherVersions() throws IOException {
    String text = sample().toJson();
    Path extra = Files.writeString(tmp.resolve("x.json"), text.replaceFirst("\\{", "{\"bogus\": 1,"));
    assertThrows(UncheckedIOException.class, () -> RunManifest.read(extra));
    Path v2 = Files.writeString(tmp.resolve("v2.json"), text.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunManifest.read(v2));
    assertTrue(e.getMessage().contains("schemaVersion 2"), e.getMessage());
  }

  @Test
  void folderDigestIsIndependentOfListingOrderAndSkipsSidecars() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a/part"));
    Files.writeString(a.resolve("x.parquet"), "x");
    Files.writeString(a.resolve("y.parquet"), "yy");
    Files.writeString(a.resolve(".x.parquet.crc"), "crc");
    Files.writeString(a.resolve("_SUCCESS"), "");
    Path b = Files.createDirectories(tmp.resolve("b/part"));
    Files.writeString(b.resolve("y.parquet"), "yy");
    Files.writeString(b.resolve("x.parquet"), "x");
    FileDigest da = FileDigest.of(tmp.resolve("a"));
    FileDigest db = FileDigest.of(tmp.resolve("b"));
    assertEquals(da.sha256(), db.sha256());
    assertEquals(3, da.bytes());
    assertEquals(2, da.files().size());
    Files.writeString(b.resolve("x.parquet"), "z");
    assertTrue(!da.sha256().equals(FileDigest.of(tmp.resolve("b")).sha256()));
  }
}
