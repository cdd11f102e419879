package io.crisislab.models.scorer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.text.SocialTextNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exported, Spark-free negativity scorer ({@code scorer.json} in a train run folder); the format
 * is documented in {@code data/schemas/scorer.md} and pinned by a golden-file test.
 *
 * <p>Scoring a post: normalise ({@link SocialTextNormalizer}, version {@link #normalizerVersion}),
 * count each block's n-grams over its vocabulary, multiply by IDF, L2-normalise per block,
 * concatenate the blocks, apply {@link #head} to get the raw {@code p_negative} (probability of
 * class {@link #negativeClass}), map it through {@link #calibration}, and call the post negative
 * when the calibrated probability is {@code >= threshold}. For negative posts, {@link #reasons}
 * (when present) names the most likely reason.
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion {@link #versionFor}: {@link #FORMAT_VERSION}; with an encoder {@link #FORMAT_VERSION_ENCODER}, or
 *     {@link #FORMAT_VERSION_CASCADE} with a cascade too, {@link #FORMAT_VERSION_BLEND} with a blend
 *     too; {@link #FORMAT_VERSION_PRIOR_SHIFT} whenever the calibration carries a prior-shift record;
 *     others are refused on load
 * @param normalizerVersion {@link SocialTextNormalizer#VERSION} the model was trained with
 * @param task {@code binary} (negative vs rest) or {@code three-class}
 * @param learner {@code logistic-regression}, {@code linear-svc} or {@code naive-bayes}
 * @param blocks TF-IDF feature blocks in concatenation order (may be empty with an encoder)
 * @param encoder sentence-encoder features after the blocks, or null (n-gram scorer: no encoder jar needed)
 * @param cascade with an encoder: the n-gram scorer and the band of posts it hands to this (encoder) model, or null
 * @param blend with a cascade: the stacked blend of {@code cascade.ngram}'s and this model's raw class
 *     probabilities that replaces this model's own ({@link #FORMAT_VERSION_BLEND}), or null
 * @param head the classifier
 * @param negativeClass index in {@code head.classes} of the negative class
 * @param calibration raw → calibrated p_negative
 * @param threshold operating threshold on the calibrated p_negative, in [0, 1]
 * @param reasons reason tagger over the same features (softmax, argmax), or null
 * @param provenance free-form strings: run id, training rows, creation time
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScorerFile(String format, int formatVersion, int normalizerVersion, String task, String learner,
    List<FeatureBlock> blocks, @JsonInclude(JsonInclude.Include.NON_NULL) EncoderBlock encoder,
    @JsonInclude(JsonInclude.Include.NON_NULL) Cascade cascade, LinearHead head, int negativeClass, Calibration calibration, double threshold,
    LinearHead reasons, Map<String, String> provenance, @JsonInclude(JsonInclude.Include.NON_NULL) Blend blend) {
  /** A file without a blend (format versions 1 to 3). */
  public ScorerFile(String format, int formatVersion, int normalizerVersion, String task, String learner,
      List<FeatureBlock> blocks, EncoderBlock encoder, Cascade cascade, LinearHead head, int negativeClass,
      Calibration calibration, double threshold, LinearHead reasons, Map<String, String> provenance) {
    this(format, formatVersion, normalizerVersion, task, learner, blocks, encoder, cascade, head, negativeClass,
        calibration, threshold, reasons, provenance, null);
  }

  public static final String FORMAT = "crisislab-negativity-scorer";
  public static final int FORMAT_VERSION = 1;
  /** The version of files with an {@link EncoderBlock}: builds before it refuse them rather than ignore the embedding. */
  public static final int FORMAT_VERSION_ENCODER = 2;
  /** The version of files with an encoder and a {@link Cascade}: builds before it refuse them rather than ignore the band. */
  public static final int FORMAT_VERSION_CASCADE = 3;
  /** The version of files with a {@link Blend}: builds before it refuse them rather than score the encoder model alone. */
  public static final int FORMAT_VERSION_BLEND = 4;
  /**
   * The version of files whose {@link Calibration#priorShift} is set, whatever else they hold: builds
   * before it refuse them rather than drop the record a live tool needs to adjust a period's probabilities.
   */
  public static final int FORMAT_VERSION_PRIOR_SHIFT = 5;
  public static final String FILE_NAME = "scorer.json";

  /** The format version of a file with these parts (null when absent); the one rule writers and {@link #validate} share. */
  public static int versionFor(EncoderBlock encoder, Cascade cascade, Blend blend, Calibration calibration) {
    if (calibration != null && calibration.priorShift() != null) {
      return FORMAT_VERSION_PRIOR_SHIFT;
    }
    return encoder == null ? FORMAT_VERSION : cascade == null ? FORMAT_VERSION_ENCODER
        : blend == null ? FORMAT_VERSION_CASCADE : FORMAT_VERSION_BLEND;
  }

  /** Total feature count over all blocks and the embedding. */
  public int featureCount() {
    int n = encoder == null ? 0 : encoder.dimension();
    for (FeatureBlock b : blocks) {
      n += b.vocabulary().size();
    }
    return n;
  }

  /** Checks every invariant; throws IllegalArgumentException naming what is wrong. */
  public void validate() {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', expected '" + FORMAT + "'");
    }
    if (cascade != null && encoder == null) {
      throw new IllegalArgumentException("a cascade needs an encoder model to hand posts to");
    }
    if (blend != null && cascade == null) {
      throw new IllegalArgumentException("a blend needs a cascade: its n-gram model is the blend's first input");
    }
    int expected = versionFor(encoder, cascade, blend, calibration);
    if (formatVersion != expected) {
      throw new IllegalArgumentException("formatVersion " + formatVersion + " is not supported by this build (expects "
          + expected + (expected == FORMAT_VERSION_PRIOR_SHIFT ? " with a prior-shift record"
          : encoder == null ? " without an encoder" : cascade == null ? " with an encoder"
          : blend == null ? " with an encoder and a cascade" : " with an encoder, a cascade and a blend") + ")");
    }
    if (normalizerVersion != SocialTextNormalizer.VERSION) {
      throw new IllegalArgumentException("normalizerVersion " + normalizerVersion
          + " differs from this build's text normaliser (" + SocialTextNormalizer.VERSION + "); retrain the model");
    }
    if (blocks == null || (blocks.isEmpty() && encoder == null)) {
      throw new IllegalArgumentException("no feature blocks");
    }
    blocks.forEach(FeatureBlock::validate);
    if (encoder != null) {
      encoder.validate();
    }
    if (cascade != null) {
      cascade.validate(this);
    }
    if (blend != null) {
      blend.validate(head.classes().size());
    }
    head.validate("head", featureCount());
    if (negativeClass < 0 || negativeClass >= head.classes().size()) {
      throw new IllegalArgumentException("negativeClass " + negativeClass + " outside head.classes");
    }
    if (LinearHead.SIGMOID.equals(head.link()) && negativeClass != 1) {
      throw new IllegalArgumentException("a sigmoid head gives the probability of class 1, so negativeClass must be 1");
    }
    calibration.validate();
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold " + threshold + " outside [0, 1]");
    }
    if (reasons != null) {
      reasons.validate("reasons", featureCount());
      if (!LinearHead.SOFTMAX.equals(reasons.link())) {
        throw new IllegalArgumentException("reasons must be a softmax head");
      }
    }
  }

  /** The file as JSON text (stable key order, shortest round-trip doubles). */
  public String toJson() {
    return Json.write(this);
  }

  /** Writes the file atomically. */
  public void write(Path file) {
    validate();
    AtomicFiles.writeString(file, toJson());
  }

  /**
   * Reads and validates a scorer file, or a run folder holding {@code scorer.json}.
   *
   * @throws DataException when the file is missing, unreadable, or from an incompatible version
   */
  public static ScorerFile read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no scorer file here (expected a train run folder with " + FILE_NAME + ")");
    }
    ScorerFile f;
    try {
      f = Json.mapper().readValue(file.toFile(), ScorerFile.class);
    } catch (IOException e) {
      throw new DataException(file + ": not a readable scorer file: " + firstLine(e.getMessage()), e);
    }
    try {
      f.validate();
    } catch (IllegalArgumentException e) {
      throw new DataException(file + ": incompatible or invalid scorer file: " + e.getMessage(), e);
    }
    return f;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
