package io.crisislab.models.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.Digests;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The calibration bundle, {@code calibration.json}: everything a live monitoring tool needs to act
 * as the batch jobs decided — which posts count as negative (the exported classifier and its
 * threshold), when a brand/channel's series is surging (tuned surge rules), and what response times
 * the plan promises (SLA per milestone and the simulated p90s).
 *
 * <p>Format owned here, JSON Schema in {@code data/schemas/calibration.schema.json}, pinned by a
 * golden-file test. Invariants: {@code schemaVersion} is {@link #SCHEMA_VERSION}; times are ISO-8601
 * UTC instants; durations are minutes (field names say so); probabilities and thresholds of the
 * classifier are in [0, 1]; files referenced by the bundle are relative to the bundle's folder and
 * carry a SHA-256 that {@link BundleLoader} checks before anything is used.
 *
 * @param schemaVersion format version of this file
 * @param createdAt ISO-8601 UTC time the bundle was built
 * @param provenance which runs and inputs the figures come from
 * @param classifier the negativity classifier, or null if the bundle carries none
 * @param surgeRules tuned surge rules, one per brand/channel scope and measure (may be empty), in
 *     {@code thresholds.json}'s form (documented in {@code data/schemas/thresholds.md})
 * @param responseTargets the plan's response targets, or null if no simulation fed the bundle
 * @param bodySha256 SHA-256 of the canonical body ({@link #bodyDigest}): every other key, so that an
 *     edit of any field after the build is refused by {@link BundleLoader}; null only before
 *     {@link #sealed()}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CalibrationBundle(
    int schemaVersion,
    String createdAt,
    Provenance provenance,
    Classifier classifier,
    List<SurgeRule> surgeRules,
    ResponseTargets responseTargets,
    String bodySha256) {

  /**
   * Current format version of {@code calibration.json}. Version 3 made {@code surgeRules} the
   * {@link SurgeRule} of {@code thresholds.json} (adding {@code members} and the validated volume
   * range); version 2 added {@code bodySha256}. Older bundles are refused (rebuild them).
   */
  public static final int SCHEMA_VERSION = 3;

  /** The key of the self-digest. */
  public static final String DIGEST_KEY = "bodySha256";

  /** Conventional file name of the bundle. */
  public static final String FILE_NAME = "calibration.json";

  public CalibrationBundle {
    Objects.requireNonNull(provenance, "provenance");
    surgeRules = surgeRules == null ? List.of() : List.copyOf(surgeRules);
  }

  /** Canonical JSON text (stable key order, trailing newline). */
  public String toJson() {
    return Json.write(this);
  }

  /** This bundle with {@code bodySha256} set to the digest of its body. */
  public CalibrationBundle sealed() {
    JsonNode tree = Json.mapper().valueToTree(this);
    return new CalibrationBundle(schemaVersion, createdAt, provenance, classifier, surgeRules, responseTargets,
        bodyDigest(tree));
  }

  /**
   * SHA-256 (lower-case hex) of a bundle's canonical body: the JSON tree without
   * {@code bodySha256}, object keys sorted at every level, no white space, numbers as parsed. Key
   * order and layout therefore do not matter; any changed value, added or removed key does.
   */
  public static String bodyDigest(JsonNode bundle) {
    JsonNode body = canonical(bundle);
    if (body instanceof ObjectNode o) {
      o.remove(DIGEST_KEY);
    }
    try {
      return Digests.sha256(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
    }
  }

  private static JsonNode canonical(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new java.util.ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      java.util.Collections.sort(names);
      for (String k : names) {
        out.set(k, canonical(n.get(k)));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(e -> out.add(canonical(e)));
      return out;
    }
    return n;
  }

  /**
   * Where the numbers came from.
   *
   * @param crisislabVersion version of the build that wrote the bundle
   * @param gitCommit source commit if known, else null
   * @param runs the run folders read, by job and run id, with the SHA-256 of each run's manifest
   * @param inputs data files or folders the runs read, with size and SHA-256
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Provenance(String crisislabVersion, String gitCommit, List<RunRef> runs, List<Checksum> inputs) {
    public Provenance {
      runs = runs == null ? List.of() : List.copyOf(runs);
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }
  }

  /**
   * One run folder that fed the bundle.
   *
   * @param job the job that made it ({@code train}, {@code tune}, {@code simulate}, ...)
   * @param runId its run id from {@code manifest.json}
   * @param manifestSha256 SHA-256 of its {@code manifest.json}
   */
  public record RunRef(String job, String runId, String manifestSha256) {}

  /**
   * A file or folder with its checksum (folders: the digest of their listing, as in manifests).
   *
   * @param path the path as recorded
   * @param bytes size in bytes
   * @param sha256 lower-case hex SHA-256
   */
  public record Checksum(String path, long bytes, String sha256) {}

  /**
   * The negativity classifier a live tool scores posts with.
   *
   * @param scorerFile the exported Spark-free scorer, relative to the bundle's folder
   * @param scorerSha256 SHA-256 of that file; the loader refuses a file that does not match
   * @param threshold operating threshold on the calibrated {@code p_negative}, in [0, 1]
   * @param thresholdRule how the threshold was chosen (e.g. {@code target-precision 0.80})
   * @param calibration calibration method fitted on held-out data ({@code isotonic}, {@code platt}, {@code none})
   * @param metrics test-set figures (metrics.json's camelCase names, e.g. {@code aucRoc}, {@code ece}, {@code negativePrecision}), unitless
   * @param cascadeMargin with an encoder model, the scorer file's {@code cascade.margin} (posts whose n-gram
   *     uncertainty is at most this go to the encoder model), which the loader checks against it; else null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Classifier(String scorerFile, String scorerSha256, double threshold, String thresholdRule,
      String calibration, Map<String, Double> metrics,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double cascadeMargin) {
    public Classifier {
      metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /** A classifier without a cascade. */
    public Classifier(String scorerFile, String scorerSha256, double threshold, String thresholdRule,
        String calibration, Map<String, Double> metrics) {
      this(scorerFile, scorerSha256, threshold, thresholdRule, calibration, metrics, null);
    }
  }

  /**
   * What the crisis plan promises, from the simulation.
   *
   * @param plan plan name (file name) the figures were simulated for
   * @param scenario scenario name
   * @param milestones one target per milestone
   * @param staffingNotes readable notes on who holds the response up and what would help
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ResponseTargets(String plan, String scenario, List<MilestoneTarget> milestones,
      List<String> staffingNotes) {
    public ResponseTargets {
      milestones = milestones == null ? List.of() : List.copyOf(milestones);
      staffingNotes = staffingNotes == null ? List.of() : List.copyOf(staffingNotes);
    }
  }

  /**
   * One milestone's target.
   *
   * @param milestone milestone name (e.g. {@code holding_statement})
   * @param slaMinutes the SLA a live tool should count down (minutes from detection), or null if none
   * @param planP50Minutes simulated median time (minutes), or null
   * @param planP90Minutes simulated 90th percentile (minutes), or null
   * @param breachProbability simulated probability of missing the SLA, in [0, 1], or null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MilestoneTarget(String milestone, Double slaMinutes, Double planP50Minutes,
      Double planP90Minutes, Double breachProbability) {}
}
