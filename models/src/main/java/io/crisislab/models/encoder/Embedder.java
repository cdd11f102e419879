package io.crisislab.models.encoder;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs a {@link SentenceEncoder} in process (ONNX Runtime through langchain4j). The only class
 * that names {@code dev.langchain4j}: load it only when an encoder is wanted.
 *
 * <p>One model per encoder per JVM ({@link #of}): the ONNX session holds about 35-90 MB of weights
 * and is thread-safe, so every Spark task of an executor and every scorer thread shares it.
 * Embeddings are mean-pooled and L2-normalised (unit length) by the packaged models.
 */
public final class Embedder {
  /** Runs each batch in the calling thread: Spark already runs one task per core. */
  private static final Executor CALLER = Runnable::run;
  private static final Map<SentenceEncoder, Embedder> LOADED = new EnumMap<>(SentenceEncoder.class);

  private final SentenceEncoder encoder;
  private final EmbeddingModel model;

  private Embedder(SentenceEncoder encoder, EmbeddingModel model) {
    this.encoder = encoder;
    this.model = model;
  }

  /** This JVM's model for {@code encoder}, loaded on first use. */
  public static synchronized Embedder of(SentenceEncoder encoder) {
    return LOADED.computeIfAbsent(encoder, e -> new Embedder(e, switch (e) {
      case MINILM -> new AllMiniLmL6V2EmbeddingModel(CALLER);
      case BGE_SMALL -> new BgeSmallEnV15QuantizedEmbeddingModel(CALLER);
      case E5_SMALL -> new E5SmallV2QuantizedEmbeddingModel(CALLER);
      case NONE -> throw new IllegalArgumentException("encoder none has no model");
    }));
  }

  public SentenceEncoder encoder() {
    return encoder;
  }

  /**
   * Embeddings of {@code texts}, each prefixed with {@code prefix} (null text is the empty post),
   * in input order; each of {@link SentenceEncoder#dimension()} floats.
   */
  public float[][] embed(List<String> texts, String prefix) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      // an empty segment is refused by langchain4j; a lone prefix (or a space) stands for the empty post
      String s = prefix + (t == null ? "" : t);
      segments.add(TextSegment.from(s.isBlank() ? " " : s));
    }
    List<Embedding> out = model.embedAll(segments).content();
    float[][] v = new float[out.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i).vector();
    }
    return v;
  }
}
