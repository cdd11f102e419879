package io.crisislab.jobs.model;

import io.crisislab.models.encoder.Embedder;
import io.crisislab.models.encoder.SentenceEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends pretrained sentence embeddings ({@link SentenceEmbedding}) to each row: the output vector
 * is the {@code appendCol} vector (the n-gram TF-IDF blocks) followed by {@code blockWeight} times
 * the unit-length embedding, or the weighted embedding alone when {@code appendCol} is empty.
 *
 * <p>Embeddings are made in {@code mapPartitions}, {@code batchSize} posts per encoder call, with
 * one model per executor JVM ({@link Embedder#of}). With a {@code cacheDir} they come from
 * {@link EmbeddingCache} instead, which embeds only texts it has not seen: a grid over block
 * weights or a re-run never embeds a text twice.
 */
public final class SentenceEmbeddingModel extends TextModel<SentenceEmbeddingModel, SentenceEmbeddingParams>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** Column of the cached embedding during a transform. */
  private static final String EMB = "_embedding";

  public SentenceEmbeddingModel(String uid) {
    super(uid, SentenceEmbeddingParams::new);
  }

  public SentenceEmbeddingModel() {
    this(Identifiable.randomUID("sentenceEmbeddingModel"));
  }

  public SentenceEncoder encoder() {
    return SentenceEncoder.of((String) getOrDefault(p.encoder));
  }

  public String prefix() {
    return (String) getOrDefault(p.prefix);
  }

  public double blockWeight() {
    return (Double) getOrDefault(p.blockWeight);
  }

  /** Whether the embedding follows another feature vector (the n-gram blocks). */
  public boolean appends() {
    return !((String) getOrDefault(p.appendCol)).isEmpty();
  }

  /** Points the model at an embedding cache folder ("" for none), e.g. after loading it elsewhere. */
  public SentenceEmbeddingModel setCacheDir(String v) {
    set(p.cacheDir, v == null ? "" : v);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    String text = p.input();
    String append = (String) getOrDefault(p.appendCol);
    int appendIdx = append.isEmpty() ? -1 : df.schema().fieldIndex(append);
    double w = blockWeight();
    String cache = (String) getOrDefault(p.cacheDir);
    if (cache.isEmpty()) {
      return df.mapPartitions(embedRows(encoder(), prefix(), (Integer) getOrDefault(p.batchSize),
          df.schema().fieldIndex(text), appendIdx, w), Encoders.row(out));
    }
    Dataset<Row> joined = new EmbeddingCache(df.sparkSession(), cache, encoder(), prefix(), (Integer) getOrDefault(p.batchSize))
        .attach(df, text, EMB);
    int embIdx = joined.schema().fieldIndex(EMB);
    StructType outWithEmb = joined.schema().add(out.apply(out.size() - 1));
    return joined.mapPartitions(assembleRows(embIdx, appendIdx, w), Encoders.row(outWithEmb)).drop(EMB);
  }

  /** Embeds each partition in batches and appends the output vector. */
  private static MapPartitionsFunction<Row, Row> embedRows(SentenceEncoder e, String prefix, int batch, int text,
      int append, double w) {
    return rows -> {
      Embedder embedder = Embedder.of(e);
      return new Iterator<>() {
        private final List<Row> pending = new ArrayList<>(batch);
        private float[][] vectors;
        private int next;

        @Override
        public boolean hasNext() {
          return next < pending.size() || rows.hasNext();
        }

        @Override
        public Row next() {
          if (next == pending.size()) {
            pending.clear();
            List<String> texts = new ArrayList<>(batch);
            while (rows.hasNext() && pending.size() < batch) {
              Row r = rows.next();
              pending.add(r);
              texts.add(r.isNullAt(text) ? null : r.getString(text));
            }
            vectors = embedder.embed(texts, prefix);
            next = 0;
          }
          Row r = pending.get(next);
          return withVector(r, assemble(append < 0 ? null : (Vector) r.get(append), vectors[next++], w));
        }
      };
    };
  }

  /** Appends the output vector made from the cached embedding column. */
  private static MapPartitionsFunction<Row, Row> assembleRows(int emb, int append, double w) {
    return rows -> appending(rows, r -> {
      List<Float> e = r.getList(emb);
      float[] x = new float[e.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = e.get(i);
      }
      return assemble(append < 0 ? null : (Vector) r.get(append), x, w);
    });
  }

  /**
   * {@code head} (any vector, may be null) followed by {@code w * emb}: sparse when there is a head
   * (its explicit zeros dropped, indices ascending), dense for the embedding alone.
   */
  static Vector assemble(Vector head, float[] emb, double w) {
    if (head == null) {
      double[] d = new double[emb.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = w * emb[i];
      }
      return Vectors.dense(d);
    }
    SparseVector s = head.toSparse();
    int n = s.indices().length;
    int[] idx = Arrays.copyOf(s.indices(), n + emb.length);
    double[] val = Arrays.copyOf(s.values(), n + emb.length);
    for (int i = 0; i < emb.length; i++) {
      idx[n + i] = s.size() + i;
      val[n + i] = w * emb[i];
    }
    return Vectors.sparse(s.size() + emb.length, idx, val);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String out = p.output();
    String append = (String) getOrDefault(p.appendCol);
    TextParams.checkColumns(schema, p.input(), out);
    int dim = encoder().dimension();
    if (append.isEmpty()) {
      return schema.add(new AttributeGroup(out, dim).toStructField());
    }
    if (!Arrays.asList(schema.fieldNames()).contains(append)) {
      throw new IllegalArgumentException("vector column " + append + " missing from " + schema.simpleString());
    }
    int head = AttributeGroup.fromStructField(schema.apply(append)).size();
    return schema.add(head >= 0 ? new AttributeGroup(out, head + dim).toStructField()
        : new StructField(out, SQLDataTypes.VectorType(), false, Metadata.empty()));
  }

  @Override
  SentenceEmbeddingModel fresh() {
    return new SentenceEmbeddingModel(uid());
  }

  public static MLReader<SentenceEmbeddingModel> read() {
    return new DefaultParamsReader<>();
  }
}
