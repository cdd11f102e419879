package io.crisislab.jobs.model;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of {@link SentenceEmbedding} and {@link SentenceEmbeddingModel}, declared once (see
 * {@link TextParams}): saved with the stage in the classifier's {@code PipelineModel}. The output
 * vector is appendCol's vector, then blockWeight x the embedding.
 */
final class SentenceEmbeddingParams extends TextParams {
  private static final long serialVersionUID = 1L;

  /** Vector column placed before the embedding in the output (the n-gram features), or "" for the embedding alone. */
  final Param<String> appendCol;
  /** Wire name of the {@link io.crisislab.models.encoder.SentenceEncoder}. */
  final Param<String> encoder;
  /** Text put before each post as the encoder expects (e5: "query: "). */
  final Param<String> prefix;
  /** Posts per call into the encoder. */
  final IntParam batchSize;
  /** Factor on the unit-length embedding relative to the (unit-length per block) n-gram blocks. */
  final DoubleParam blockWeight;
  /** Folder of the embedding cache (Parquet keyed by encoder and text hash), or "" for none. */
  final Param<String> cacheDir;

  SentenceEmbeddingParams(Params owner) {
    super(owner, "output vector: appendCol then blockWeight * embedding");
    appendCol = new Param<>(owner, "appendCol", "vector column put before the embedding, or empty for none");
    encoder = new Param<>(owner, "encoder", "sentence encoder: minilm, bge-small or e5-small");
    prefix = new Param<>(owner, "prefix", "text put before each post (e5: 'query: ')");
    batchSize = new IntParam(owner, "batchSize", "posts per encoder call", ParamValidators.gtEq(1));
    blockWeight = new DoubleParam(owner, "blockWeight", "factor on the unit-length embedding", ParamValidators.gt(0));
    cacheDir = new Param<>(owner, "cacheDir", "embedding cache folder (Parquet), empty for none");
    owner.setDefault(appendCol, "");
    owner.setDefault(prefix, "");
    owner.setDefault(batchSize, (Object) 256);
    owner.setDefault(blockWeight, (Object) 1.0);
    owner.setDefault(cacheDir, "");
  }

  @Override
  Param<?>[] all() {
    return new Param<?>[] {inputCol, appendCol, outputCol, encoder, prefix, batchSize, blockWeight, cacheDir};
  }
}
