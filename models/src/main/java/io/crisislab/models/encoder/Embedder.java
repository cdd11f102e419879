package io.crisislab.models.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link SentenceEncoder} in process: the ONNX model and HuggingFace tokenizer packaged in
 * the encoder's langchain4j jar, run directly by ONNX Runtime. The only class that names ONNX
 * Runtime and DJL ({@code EncoderIsolationTest}): load it only when an encoder is wanted.
 *
 * <p>It computes what langchain4j 0.36.2's {@code EmbeddingModel.embedAll} computed for the
 * project before (the same token ids, pooling and L2 normalisation) to 1e-5 per component
 * ({@code EmbedderParityTest}), at a fraction of the CPU time (docs/train.md, "Batched
 * embedding"): one session per encoder per JVM ({@link #of}; 35-90 MB of weights, thread-safe,
 * shared by every Spark task of an executor and every scorer thread) that runs each call on the
 * calling thread only. Spark already runs one task per core; ONNX Runtime's default, a pool of
 * one spinning thread per core for every concurrent call, oversubscribes the cores and burns CPU
 * time waiting.
 *
 * <p>The float model (MiniLM) runs {@link #BATCH} texts per call, sorted by token count and
 * padded to the batch's longest with an attention mask (pooling reads the unmasked positions
 * only). The quantized models (bge, e5) run one text per call: they quantize activations with one
 * scale per tensor ({@code DynamicQuantizeLinear} from the whole batch's range), so in a batch a
 * text's embedding would depend on its batch-mates (by up to 1e-2), and Spark's embeddings would
 * no longer match the live scorer's, nor the embedding cache.
 */
public final class Embedder {
  /**
   * Texts per ONNX call for the float model: of 16, 32 and 64, 32 ran the most texts per
   * CPU-second (docs/train.md, "Batched embedding"); padding to the longest costs more above it.
   */
  static final int BATCH = 32;
  /** Padded tokens per ONNX call at most: 16 pieces of 512 tokens, ~200 MB of attention scores. */
  private static final int MAX_BATCH_TOKENS = 8192;
  private static final Map<SentenceEncoder, Embedder> LOADED = new EnumMap<>(SentenceEncoder.class);

  private final SentenceEncoder encoder;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean typeIds;
  private final HuggingFaceTokenizer tokenizer;
  /** {@link #emptyEmbedding()}, computed on first use. */
  private volatile float[] empty;

  private Embedder(SentenceEncoder encoder) throws OrtException {
    this.encoder = encoder;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      this.session = env.createSession(resource(encoder.modelResource()), options);
    }
    this.typeIds = session.getInputNames().contains("token_type_ids");
    try (InputStream in = stream(encoder.tokenizerResource())) {
      // the options langchain4j passes: no padding (this class pads per batch), the file's truncation
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + encoder.tokenizerResource(), e);
    }
  }

  /** This JVM's model for {@code encoder}, loaded on first use. */
  public static synchronized Embedder of(SentenceEncoder encoder) {
    if (encoder == SentenceEncoder.NONE) {
      throw new IllegalArgumentException("encoder none has no model");
    }
    return LOADED.computeIfAbsent(encoder, e -> {
      try {
        return new Embedder(e);
      } catch (OrtException x) {
        throw new IllegalStateException("cannot load " + e.modelResource() + ": " + x.getMessage(), x);
      }
    });
  }

  public SentenceEncoder encoder() {
    return encoder;
  }

  /**
   * Embeddings of {@code texts}, each prefixed with {@code prefix} (null text is the empty post),
   * in input order; each of {@link SentenceEncoder#dimension()} floats, unit length.
   */
  public float[][] embed(List<String> texts, String prefix) {
    return embed(texts, prefix, encoder.quantized() ? 1 : BATCH);
  }

  /**
   * {@link #embed(List, String)} with at most {@code batch} texts per ONNX call. Only 1 keeps a
   * quantized model's output independent of the other texts (see the class comment); larger
   * batches of those are for measuring.
   */
  float[][] embed(List<String> texts, String prefix, int batch) {
    List<Piece> pieces = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      // langchain4j refuses an empty text; a lone prefix (or a space) stands for the empty post
      String s = prefix + (t == null ? "" : t);
      pieces.add(piece(s.isBlank() ? " " : s));
    }
    List<Piece> order = new ArrayList<>(pieces);
    order.removeIf(p -> p.ids.length == 0);
    order.sort(Comparator.comparingInt(p -> p.ids.length));
    for (int from = 0; from < order.size(); ) {
      int to = from + 1;
      while (to < order.size() && to - from < batch && (to - from + 1) * order.get(to).ids.length <= MAX_BATCH_TOKENS) {
        to++;
      }
      run(order.subList(from, to));
      from = to;
    }
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      Piece p = pieces.get(i);
      out[i] = p.ids.length == 0 ? emptyEmbedding() : normalize(p.pooled);
    }
    return out;
  }

  /**
   * The model input for {@code text}, exactly as langchain4j 0.36.2's {@code OnnxBertBiEncoder}
   * makes it: the word pieces between [CLS] and [SEP], turned back into a sentence and encoded
   * again with special tokens. langchain4j would cut a text of over 510 pieces into parts and
   * average their embeddings, but the packaged tokenizers truncate (MiniLM at 128 pieces, bge and
   * e5 at 512, special tokens included), so a text is always one part: longer texts are cut.
   * A text of no word pieces has no ids (langchain4j fails on it; see {@link #emptyEmbedding}).
   */
  private Piece piece(String text) {
    List<String> tokens = tokenizer.tokenize(text);
    if (tokens.size() <= 2) {
      return new Piece(new long[0], new long[0]);
    }
    Encoding enc = tokenizer.encode(sentence(tokens.subList(1, tokens.size() - 1)), true, false);
    return new Piece(enc.getIds(), enc.getTypeIds());
  }

  /** langchain4j's text for word pieces: the tokenizer's sentence if it tokenises back to them. */
  private String sentence(List<String> part) {
    String text = tokenizer.buildSentence(part);
    List<String> again = tokenizer.tokenize(text);
    return again.subList(1, again.size() - 1).equals(part) ? text : String.join("", part);
  }

  /** One padded ONNX call over {@code batch}; sets each piece's pooled vector. */
  private void run(List<Piece> batch) {
    int n = batch.size();
    int len = batch.get(n - 1).ids.length; // sorted by length: the last is the longest
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int b = 0; b < n; b++) {
      Piece p = batch.get(b);
      System.arraycopy(p.ids, 0, ids, b * len, p.ids.length);
      System.arraycopy(p.types, 0, types, b * len, p.types.length);
      Arrays.fill(mask, b * len, b * len + p.ids.length, 1L);
    }
    long[] shape = {n, len};
    try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> in = typeIds
          ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
          : Map.of("input_ids", idT, "attention_mask", maskT);
      try (OrtSession.Result r = session.run(in)) {
        FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer(); // [n, len, dim], row-major
        int dim = encoder.dimension();
        for (int b = 0; b < n; b++) {
          batch.get(b).pooled = pool(h, b * len * dim, batch.get(b).ids.length, dim);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + encoder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model's pooling over a piece's {@code tokens} unmasked positions starting at float
   * {@code at}: bge takes [CLS], e5 and MiniLM the mean, summed in position order as langchain4j does.
   */
  private float[] pool(FloatBuffer h, int at, int tokens, int dim) {
    float[] v = new float[dim];
    if (encoder == SentenceEncoder.BGE_SMALL) {
      h.get(at, v);
      return v;
    }
    for (int t = 0; t < tokens; t++) {
      for (int j = 0; j < dim; j++) {
        v[j] += h.get(at + t * dim + j);
      }
    }
    for (int j = 0; j < dim; j++) {
      v[j] /= tokens;
    }
    return v;
  }

  /**
   * A text without word pieces (empty, only spaces or control characters): the embedding of
   * [CLS] [SEP], where langchain4j fails (its average of no parts).
   */
  private float[] emptyEmbedding() {
    float[] v = empty;
    if (v == null) {
      Encoding enc = tokenizer.encode("", true, false);
      Piece p = new Piece(enc.getIds(), enc.getTypeIds());
      run(List.of(p));
      v = normalize(p.pooled);
      empty = v; // two threads racing here compute the same value
    }
    return v;
  }

  private static float[] normalize(float[] v) {
    float sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float norm = (float) Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / norm;
    }
    return out;
  }

  private static byte[] resource(String name) {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = Embedder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the class path");
    }
    return in;
  }

  /** One text's model input (token ids, token type ids) and its pooled output. */
  private static final class Piece {
    final long[] ids;
    final long[] types;
    float[] pooled;

    Piece(long[] ids, long[] types) {
      this.ids = ids;
      this.types = types;
    }
  }
}
