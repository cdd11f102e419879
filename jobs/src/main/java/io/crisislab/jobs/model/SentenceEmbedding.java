package io.crisislab.jobs.model;

import io.crisislab.models.encoder.SentenceEncoder;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * MLlib estimator of pretrained sentence-encoder features ({@link SentenceEncoder}): nothing is
 * learnt (the encoder is pretrained), fitting checks the schema and fixes the Params in a
 * {@link SentenceEmbeddingModel}, which embeds. An estimator so a pipeline of it and
 * {@link NgramTfidf} fits and saves as one {@code PipelineModel}.
 */
public final class SentenceEmbedding
    extends TextEstimator<SentenceEmbedding, SentenceEmbeddingModel, SentenceEmbeddingParams> {
  private static final long serialVersionUID = 1L;

  public SentenceEmbedding(String uid) {
    super(uid, SentenceEmbeddingParams::new);
  }

  public SentenceEmbedding() {
    this(Identifiable.randomUID("sentenceEmbedding"));
  }

  /** The encoder, with its default prefix. */
  public SentenceEmbedding setEncoder(SentenceEncoder e) {
    set(p.encoder, e.toString());
    return with(p.prefix, e.defaultPrefix());
  }

  public SentenceEmbedding setAppendCol(String v) {
    return with(p.appendCol, v);
  }

  public SentenceEmbedding setBatchSize(int v) {
    return with(p.batchSize, v);
  }

  public SentenceEmbedding setBlockWeight(double v) {
    return with(p.blockWeight, v);
  }

  public SentenceEmbedding setCacheDir(String v) {
    return with(p.cacheDir, v == null ? "" : v);
  }

  @Override
  public SentenceEmbeddingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    return fitted(new SentenceEmbeddingModel(uid()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return fitted(new SentenceEmbeddingModel(uid())).transformSchema(schema);
  }

  public static MLReader<SentenceEmbedding> read() {
    return new DefaultParamsReader<>();
  }
}
