package io.crisislab.jobs.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.crisislab.models.encoder.Embedder;
import io.crisislab.models.encoder.SentenceEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sentence embeddings stored as Parquet under {@code DIR/<encoder>/}, one row per distinct encoder
 * input: {@code text_sha256} (hex SHA-256 of the UTF-8 text as fed to the encoder, prefix
 * included, so a changed prefix never reuses a vector) and {@code embedding} (array of floats).
 * {@link #attach} embeds only the texts not stored yet, appends them, and joins every row to its
 * vector. Kept outside the run folder so grids, re-runs and other runs share it; it may be deleted
 * at any time (the next run re-embeds). The record holds where the cache is ({@code dir}) and how
 * texts are embedded ({@code encoder}, {@code prefix}, {@code batch} texts per encoder call).
 */
record EmbeddingCache(SparkSession spark, Path dir, SentenceEncoder encoder, String prefix, int batch) {
  static final String KEY = "text_sha256";
  static final String VECTOR = "embedding";
  private static final StructType SCHEMA = new StructType().add(KEY, DataTypes.StringType, false)
      .add(VECTOR, DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** The cache of {@code encoder} under the cache folder {@code root}; {@code batch} texts per encoder call. */
  EmbeddingCache(SparkSession spark, String root, SentenceEncoder encoder, String prefix, int batch) {
    this(spark, Path.of(root, encoder.toString()), encoder, prefix, batch);
  }

  /** {@code df} with column {@code out} (the embedding of column {@code text}), embedding what the cache lacks. */
  Dataset<Row> attach(Dataset<Row> df, String text, String out) {
    Column key = sha2(concat(lit(prefix), coalesce(col(text), lit(""))), 256);
    Dataset<Row> keyed = df.withColumn("_key", key);
    Dataset<Row> wanted = keyed.select(col("_key").as(KEY), col(text)).dropDuplicates(KEY);
    Dataset<Row> before = stored();
    Dataset<Row> missing = before == null ? wanted : wanted.join(before.select(KEY), KEY, "left_anti");
    int parts = Math.max(2, spark.sparkContext().defaultParallelism() * 4);
    Dataset<Row> made = missing.repartition(parts).mapPartitions(embed(encoder, prefix, batch), Encoders.row(SCHEMA));
    made.write().mode(SaveMode.Append).parquet(dir.toString());
    Dataset<Row> all = stored().dropDuplicates(KEY).withColumnRenamed(VECTOR, out);
    return keyed.join(all, keyed.col("_key").equalTo(all.col(KEY)), "left").drop("_key", KEY);
  }

  /** The stored vectors, or null before the first write. */
  private Dataset<Row> stored() {
    try (var files = Files.exists(dir) ? Files.list(dir) : null) {
      if (files == null || files.noneMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list embedding cache " + dir, e);
    }
    return spark.read().schema(SCHEMA).parquet(dir.toString());
  }

  /** (key, text) rows to (key, embedding) rows, {@code batch} texts per encoder call. */
  private static MapPartitionsFunction<Row, Row> embed(SentenceEncoder e, String prefix, int batch) {
    return rows -> {
      Embedder embedder = Embedder.of(e);
      List<Row> out = new ArrayList<>();
      List<String> keys = new ArrayList<>(batch);
      List<String> texts = new ArrayList<>(batch);
      Iterator<Row> it = rows;
      while (it.hasNext()) {
        Row r = it.next();
        keys.add(r.getString(0));
        texts.add(r.isNullAt(1) ? null : r.getString(1));
        if (keys.size() == batch || !it.hasNext()) {
          float[][] v = embedder.embed(texts, prefix);
          for (int i = 0; i < v.length; i++) {
            out.add(RowFactory.create(keys.get(i), toList(v[i])));
          }
          keys.clear();
          texts.clear();
        }
      }
      return out.iterator();
    };
  }

  /** The Scala sequence Spark's row encoder takes for an array column. */
  private static scala.collection.immutable.Seq<Float> toList(float[] v) {
    List<Float> l = new ArrayList<>(v.length);
    for (float f : v) {
      l.add(f);
    }
    return CollectionConverters.asScala(l).toList();
  }
}
