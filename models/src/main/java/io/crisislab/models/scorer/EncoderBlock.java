package io.crisislab.models.scorer;

import io.crisislab.models.encoder.SentenceEncoder;

/**
 * The sentence-encoder features of a {@link ScorerFile}: after the TF-IDF blocks, {@code blockWeight}
 * times the encoder's unit-length embedding of {@code prefix + text} ({@code dimension} values).
 * Scoring with it needs the encoder's jar ({@code coordinates}) on the class path; the n-gram
 * scorer never loads it.
 *
 * @param encoder wire name ({@link SentenceEncoder}: minilm, bge-small, e5-small)
 * @param coordinates Maven coordinates of the jar holding the ONNX model
 * @param modelSha256 SHA-256 of the ONNX model file the model was trained with
 * @param prefix text put before each post
 * @param dimension embedding length
 * @param blockWeight factor on the embedding (&gt; 0)
 */
public record EncoderBlock(String encoder, String coordinates, String modelSha256, String prefix, int dimension,
    double blockWeight) {
  void validate() {
    SentenceEncoder e = SentenceEncoder.of(encoder);
    if (e == SentenceEncoder.NONE || dimension != e.dimension()) {
      throw new IllegalArgumentException("encoder " + encoder + ": expected a sentence encoder of dimension "
          + e.dimension() + ", got " + dimension);
    }
    if (!(blockWeight > 0) || prefix == null) {
      throw new IllegalArgumentException("encoder " + encoder + ": blockWeight must be > 0 and prefix set");
    }
  }
}
