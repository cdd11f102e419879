package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.encoder.Embedder;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder stage on a handful of posts (a smoke test: e5-small embeds about 7 texts here). */
class SentenceEmbeddingTest extends SparkTestBase {
  private static final String[] TEXTS = {"my flight was cancelled AGAIN", "lost my bag, never again",
      "thanks for the great crew", "my flight was cancelled AGAIN", "", "at the gate now", "app is down, useless"};

  @TempDir
  Path tmp;

  private Dataset<Row> posts() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.length; i++) {
      rows.add(RowFactory.create("p" + i, TEXTS[i].isEmpty() ? null : TEXTS[i]));
    }
    return session().createDataFrame(rows, new StructType().add(PostColumns.POST_ID, DataTypes.StringType)
        .add(PostColumns.TEXT, DataTypes.StringType)).repartition(3);
  }

  @Test
  void appendsWeightedEmbeddingsFromTheCacheAndEmbedsEachTextOnce() throws Exception {
    PipelineModel ngrams = FeaturePipeline.build(1000, 1000, 1, 2, 3).fit(posts());
    String cache = tmp.resolve("cache").toString();
    PipelineModel both = FeaturePipeline.withEncoder(ngrams, SentenceEncoder.E5_SMALL, 0.5, cache, posts());
    Map<String, Vector> first = vectors(both.transform(posts()));
    // 6 distinct texts (one repeated) were embedded and stored, keyed by the prefixed text's hash
    assertEquals(6, session().read().parquet(cache + "/e5-small").count());

    both.write().overwrite().save(tmp.resolve("model").toString());
    PipelineModel loaded = PipelineModel.load(tmp.resolve("model").toString());
    Map<String, Vector> again = vectors(loaded.transform(posts()));
    assertEquals(6, session().read().parquet(cache + "/e5-small").count(), "a re-run embeds nothing new");

    Map<String, Vector> ng = vectors(ngrams.transform(posts()));
    Embedder e = Embedder.of(SentenceEncoder.E5_SMALL);
    for (int i = 0; i < TEXTS.length; i++) {
      String id = "p" + i;
      Vector v = first.get(id);
      int n = ng.get(id).size();
      assertEquals(n + 384, v.size());
      assertEquals(ng.get(id).toSparse(), slice(v, 0, n).toSparse(), "n-gram block first, unchanged");
      float[] x = e.embed(Arrays.asList(TEXTS[i].isEmpty() ? null : TEXTS[i]), "query: ")[0];
      for (int j = 0; j < 384; j++) {
        assertEquals(0.5 * x[j], v.apply(n + j), 1e-6, id + " dim " + j);
      }
      assertEquals(v, again.get(id), "loaded model, cached vectors: identical");
    }
    // the embedding alone, without a cache: same embedding, dense
    PipelineModel alone = FeaturePipeline.withEncoder(null, SentenceEncoder.E5_SMALL, 1.0, "", posts());
    Map<String, Vector> a = vectors(alone.transform(posts()));
    Vector p0 = first.get("p0");
    int n0 = ng.get("p0").size();
    for (int j = 0; j < 384; j++) {
      assertEquals(2 * p0.apply(n0 + j), a.get("p0").apply(j), 1e-6);
    }
    assertTrue(FeaturePipeline.encoder(both).modelSha256().matches("[0-9a-f]{64}"));
    assertEquals(0.5, FeaturePipeline.encoder(both).blockWeight());
  }

  private static Vector slice(Vector v, int from, int to) {
    double[] d = new double[to - from];
    for (int i = from; i < to; i++) {
      d[i - from] = v.apply(i);
    }
    return org.apache.spark.ml.linalg.Vectors.dense(d);
  }

  private static Map<String, Vector> vectors(Dataset<Row> d) {
    Map<String, Vector> out = new TreeMap<>();
    for (Row r : d.select(PostColumns.POST_ID, FeaturePipeline.FEATURES).collectAsList()) {
      out.put(r.getString(0), (Vector) r.get(1));
    }
    return out;
  }
}
