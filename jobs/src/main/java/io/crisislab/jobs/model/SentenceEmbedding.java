package io.crisislab.jobs.model;

import io.crisislab.models.encoder.SentenceEncoder;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
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
public final class SentenceEmbedding extends Estimator<SentenceEmbeddingModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final SentenceEmbeddingParams p;

  public SentenceEmbedding(String uid) {
    this.uid = uid;
    this.p = new SentenceEmbeddingParams(this);
  }

  public SentenceEmbedding() {
    this(Identifiable.randomUID("sentenceEmbedding"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<?>[] params() {
    return p.all();
  }

  /** The encoder, with its default prefix. */
  public SentenceEmbedding setEncoder(SentenceEncoder e) {
    set(p.encoder, e.toString());
    set(p.prefix, e.defaultPrefix());
    return this;
  }

  public SentenceEmbedding setInputCol(String v) {
    set(p.inputCol, v);
    return this;
  }

  public SentenceEmbedding setAppendCol(String v) {
    set(p.appendCol, v);
    return this;
  }

  public SentenceEmbedding setOutputCol(String v) {
    set(p.outputCol, v);
    return this;
  }

  public SentenceEmbedding setBatchSize(int v) {
    set(p.batchSize, v);
    return this;
  }

  public SentenceEmbedding setBlockWeight(double v) {
    set(p.blockWeight, v);
    return this;
  }

  public SentenceEmbedding setCacheDir(String v) {
    set(p.cacheDir, v == null ? "" : v);
    return this;
  }

  @Override
  public SentenceEmbeddingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    return copyValues(new SentenceEmbeddingModel(uid), extractParamMap()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return copyValues(new SentenceEmbeddingModel(uid), extractParamMap()).transformSchema(schema);
  }

  @Override
  public SentenceEmbedding copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<SentenceEmbedding> read() {
    return new DefaultParamsReader<>();
  }

  public static SentenceEmbedding load(String path) {
    return read().load(path);
  }
}
