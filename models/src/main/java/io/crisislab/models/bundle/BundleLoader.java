package io.crisislab.models.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.MilestoneTarget;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads {@code calibration.json} for a live tool: checks the version first (a newer bundle is
 * refused with a clear message rather than half-understood, an older one without a self-digest
 * too), then the self-digest {@code bodySha256} over the canonical body (any edited field fails,
 * reordered keys do not), then the structure (unknown keys fail,
 * values in range, no duplicate rule scopes), then the checksum of every referenced file, and only
 * then builds the ready objects (the scorer and the detector factories) in {@link LoadedBundle}.
 *
 * <p>Every failure is a {@link DataException} whose message names the bundle file and the key.
 * The checks mirror {@code data/schemas/calibration.schema.json} so that a live tool needs no JSON
 * Schema library; a test keeps the two in agreement.
 */
public final class BundleLoader {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private BundleLoader() {}

  /** Loads and validates a bundle file; referenced files are resolved against its folder. */
  public static LoadedBundle load(Path file) {
    CalibrationBundle b = read(file);
    validate(file, b);
    Path dir = file.toAbsolutePath().getParent();
    return LoadedBundle.build(file, dir, b);
  }

  /** Reads and structurally validates a bundle without building objects or checking files. */
  public static CalibrationBundle read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no calibration bundle here");
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + oneLine(e.getMessage()), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new DataException(file + ": expected a JSON object");
    }
    JsonNode v = tree.get("schemaVersion");
    if (v == null || !v.isInt()) {
      throw new DataException(file + ": key 'schemaVersion' missing or not an integer");
    }
    if (v.intValue() < CalibrationBundle.SCHEMA_VERSION) {
      throw new DataException(file + ": calibration bundle schemaVersion " + v.intValue() + " is no longer read (this build"
          + " reads " + CalibrationBundle.SCHEMA_VERSION + ": " + (v.intValue() == 1 ? "version 1 has no self-digest"
          : "its surge rules lack the tuned members and validated volume range") + "); rebuild it with"
          + " `crisislab calibration build`");
    }
    if (v.intValue() != CalibrationBundle.SCHEMA_VERSION) {
      throw new DataException(file + ": unsupported calibration bundle schemaVersion " + v.intValue()
          + " (this build reads " + CalibrationBundle.SCHEMA_VERSION + "); upgrade the live tool's crisislab-models jar");
    }
    JsonNode digest = tree.get(CalibrationBundle.DIGEST_KEY);
    if (digest == null || !digest.isTextual() || !SHA256.matcher(digest.asText()).matches()) {
      throw new DataException(file + ": key '" + CalibrationBundle.DIGEST_KEY + "' missing or not 64 lower-case hex digits");
    }
    String actual = CalibrationBundle.bodyDigest(tree);
    if (!actual.equals(digest.asText())) {
      throw new DataException(file + ": key '" + CalibrationBundle.DIGEST_KEY + "' does not match the body (it hashes to "
          + actual + "): a field was changed after the bundle was built; rebuild it with `crisislab calibration build`");
    }
    try {
      return Json.mapper().treeToValue(tree, CalibrationBundle.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new DataException(file + ": " + oneLine(e.getMessage()), e);
    }
  }

  /** Checks ranges and references; throws {@link DataException} naming the key on the first problem. */
  static void validate(Path file, CalibrationBundle b) {
    require(file, "createdAt", b.createdAt() != null && isInstant(b.createdAt()), "an ISO-8601 UTC instant");
    for (int i = 0; i < b.provenance().runs().size(); i++) {
      var r = b.provenance().runs().get(i);
      String k = "provenance.runs[" + i + "]";
      require(file, k + ".job", nonEmpty(r.job()), "a job name");
      require(file, k + ".runId", nonEmpty(r.runId()), "a run id");
      require(file, k + ".manifestSha256", r.manifestSha256() != null && SHA256.matcher(r.manifestSha256()).matches(),
          "64 lower-case hex digits");
    }
    for (int i = 0; i < b.provenance().inputs().size(); i++) {
      var in = b.provenance().inputs().get(i);
      String k = "provenance.inputs[" + i + "]";
      require(file, k + ".path", nonEmpty(in.path()), "a path");
      require(file, k + ".sha256", in.sha256() != null && SHA256.matcher(in.sha256()).matches(), "64 lower-case hex digits");
      require(file, k + ".bytes", in.bytes() >= 0, ">= 0");
    }
    Classifier c = b.classifier();
    if (c != null) {
      require(file, "classifier.scorerFile", nonEmpty(c.scorerFile()) && !Path.of(c.scorerFile()).isAbsolute()
          && !c.scorerFile().contains(".."), "a path relative to the bundle's folder");
      require(file, "classifier.scorerSha256", c.scorerSha256() != null && SHA256.matcher(c.scorerSha256()).matches(),
          "64 lower-case hex digits");
      require(file, "classifier.threshold", c.threshold() >= 0 && c.threshold() <= 1, "in [0, 1]");
      require(file, "classifier.calibration", nonEmpty(c.calibration()), "a method name");
    }
    Set<String> scopes = new HashSet<>();
    for (int i = 0; i < b.surgeRules().size(); i++) {
      SurgeRule r = b.surgeRules().get(i);
      String k = "surgeRules[" + i + "]";
      require(file, k + ".brand", nonEmpty(r.brand()), "a brand or *");
      require(file, k + ".channel", nonEmpty(r.channel()), "a channel or *");
      require(file, k + ".detector", nonEmpty(r.detector()), "a detector type");
      require(file, k + ".series", SurgeRule.MEASURES.contains(r.series()), "one of " + SurgeRule.MEASURES);
      require(file, k + ".bucketSeconds", r.bucketSeconds() > 0, "> 0 seconds");
      require(file, k + ".threshold", Double.isFinite(r.threshold()), "a finite number");
      require(file, k + ".expectedFalseAlarmsPerWeek",
          r.expectedFalseAlarmsPerWeek() == null || r.expectedFalseAlarmsPerWeek() >= 0, ">= 0");
      require(file, k + ".minMeanCountPerBucket", r.minMeanCountPerBucket() == null || r.minMeanCountPerBucket() >= 0,
          "null or >= 0");
      require(file, k + ".maxMeanCountPerBucket", r.maxMeanCountPerBucket() == null || r.minMeanCountPerBucket() == null
          || r.maxMeanCountPerBucket() >= r.minMeanCountPerBucket(), "null or >= minMeanCountPerBucket");
      require(file, k, scopes.add(r.scope() + "|" + r.series()), "a scope (brand/channel/series) not already used by an earlier rule");
    }
    if (b.responseTargets() != null) {
      for (int i = 0; i < b.responseTargets().milestones().size(); i++) {
        MilestoneTarget m = b.responseTargets().milestones().get(i);
        String k = "responseTargets.milestones[" + i + "]";
        require(file, k + ".milestone", nonEmpty(m.milestone()), "a milestone name");
        require(file, k + ".slaMinutes", m.slaMinutes() == null || m.slaMinutes() > 0, "> 0 minutes");
        require(file, k + ".breachProbability", m.breachProbability() == null
            || (m.breachProbability() >= 0 && m.breachProbability() <= 1), "in [0, 1]");
      }
    }
  }

  /** Resolves a referenced file and checks its SHA-256; returns the resolved path. */
  static Path checkedFile(Path bundleFile, Path dir, String key, String relative, String sha256) {
    Path p = dir.resolve(relative).normalize();
    if (!Files.isRegularFile(p)) {
      throw new DataException(bundleFile + ": " + key + " '" + relative + "' not found next to the bundle (" + p + ")");
    }
    String actual = Digests.sha256(p);
    if (!actual.equals(sha256)) {
      throw new DataException(bundleFile + ": " + key + " '" + relative + "' has SHA-256 " + actual
          + " but the bundle expects " + sha256 + "; the file was changed or belongs to another bundle");
    }
    return p;
  }

  private static void require(Path file, String key, boolean ok, String expected) {
    if (!ok) {
      throw new DataException(file + ": key '" + key + "' must be " + expected);
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean isInstant(String s) {
    try {
      Instant.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ");
  }
}
