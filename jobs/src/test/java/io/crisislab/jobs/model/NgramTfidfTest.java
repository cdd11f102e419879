package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.FeatureBlock;
import io.crisislab.models.scorer.TfidfFeaturizer;
import io.crisislab.models.text.SocialTextNormalizer;
import io.crisislab.models.text.TextFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer's featuriser as an MLlib stage: it must fit the vocabularies and IDF weights MLlib's
 * own CountVectorizer + IDF chain fits on the same terms (the chain this stage replaced, kept here
 * as the reference), make the vectors the Spark-free scorer makes, and survive a PipelineModel save.
 */
class NgramTfidfTest extends SparkTestBase {
  private static final String[] TEXTS = {
      "@united my flight is delayed AGAIN!!! #DelayedAgain", "@united not good at all, lost my bag",
      "Thanks @SouthwestAir great crew :)", "flight delayed, bag lost, not happy", "soooo happy with the crew",
      "great flight thanks", "my bag is lost lost lost", "delayed again http://t.co/x", "not good. not happy.",
      "Crew was great 😀 thanks", "", null, "@AmericanAir cancelled flight, no help", "cancelled again :(",
      "no help at the desk", "the desk staff were great", "lost bag again", "thanks for nothing @united"};

  private Dataset<Row> posts() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.length; i++) {
      rows.add(RowFactory.create("p" + i, TEXTS[i]));
    }
    StructType schema = new StructType().add(PostColumns.POST_ID, DataTypes.StringType, false)
        .add(PostColumns.TEXT, DataTypes.StringType, true);
    return session().createDataFrame(rows, schema).repartition(3);
  }

  @Test
  void fitsTheVocabularyAndIdfOfMllibsCountVectorizerAndIdf() {
    TextUdfs.register(session());
    Dataset<Row> posts = posts();
    PipelineModel reference = new Pipeline().setStages(new PipelineStage[] {
        new SQLTransformer().setStatement("SELECT *, " + TextUdfs.TOKENS + "(text) AS t, " + TextUdfs.CHARS
            + "(text, 2, 4) AS c FROM __THIS__"),
        new NGram().setN(2).setInputCol("t").setOutputCol("b"),
        new SQLTransformer().setStatement("SELECT *, concat(t, b) AS w FROM __THIS__"),
        new CountVectorizer().setInputCol("w").setOutputCol("wtf").setMinDF(2).setVocabSize(1000),
        new IDF().setInputCol("wtf").setOutputCol("widf"),
        new CountVectorizer().setInputCol("c").setOutputCol("ctf").setMinDF(2).setVocabSize(1000),
        new IDF().setInputCol("ctf").setOutputCol("cidf")}).fit(posts);
    List<FeatureBlock> blocks = FeaturePipeline.export(FeaturePipeline.build(1000, 1000, 2, 2, 4).fit(posts));
    assertEquals(2, blocks.size());
    Object[] s = reference.stages();
    assertSameTerms((CountVectorizerModel) s[3], (IDFModel) s[4], blocks.get(0));
    assertSameTerms((CountVectorizerModel) s[5], (IDFModel) s[6], blocks.get(1));
    assertEquals(2, blocks.get(1).minN());
    assertEquals(4, blocks.get(1).maxN());
  }

  private static void assertSameTerms(CountVectorizerModel cv, IDFModel idf, FeatureBlock b) {
    Map<String, Double> expected = new HashMap<>();
    for (int i = 0; i < cv.vocabulary().length; i++) {
      expected.put(cv.vocabulary()[i], idf.idf().apply(i));
    }
    Map<String, Double> actual = new HashMap<>();
    for (int i = 0; i < b.vocabulary().size(); i++) {
      actual.put(b.vocabulary().get(i), b.idf()[i]);
    }
    Assertions.assertTrue(expected.size() > 5, "reference vocabulary " + expected.size());
    assertEquals(expected, actual, b.name());
  }

  @Test
  void keepsTheMostFrequentTermsTiesByTermAndMakesTheScorersVectors(@TempDir Path dir) throws Exception {
    Dataset<Row> posts = posts();
    PipelineModel fitted = FeaturePipeline.build(5, 40, 1, 2, 3).fit(posts);
    List<FeatureBlock> blocks = FeaturePipeline.export(fitted);
    assertEquals(5, blocks.get(0).vocabulary().size());
    assertEquals(40, blocks.get(1).vocabulary().size());
    // the word block counted here without Spark: total counts descending, ties by term
    Map<String, Integer> counts = new HashMap<>();
    for (String t : TEXTS) {
      TextFeatures.wordNgrams(SocialTextNormalizer.normalize(t == null ? "" : t).tokens(), 1, 2)
          .forEach(g -> counts.merge(g, 1, Integer::sum));
    }
    List<String> top = counts.keySet().stream().sorted(Comparator.comparing((String g) -> -counts.get(g))
        .thenComparing(Comparator.naturalOrder())).limit(5).toList();
    assertEquals(top, blocks.get(0).vocabulary());

    Path saved = dir.resolve("features");
    fitted.write().save(saved.toString());
    PipelineModel loaded = PipelineModel.load(saved.toString());
    assertEquals(blocks, FeaturePipeline.export(loaded));

    TfidfFeaturizer scorer = new TfidfFeaturizer(blocks);
    List<Row> rows = loaded.transform(posts).select(PostColumns.TEXT, FeaturePipeline.FEATURES).collectAsList();
    assertEquals(TEXTS.length, rows.size());
    for (Row r : rows) {
      SparseVector v = ((Vector) r.get(1)).toSparse();
      TfidfFeaturizer.Sparse x = scorer.features(r.getString(0));
      Map<Integer, Double> expected = new HashMap<>();
      for (int q = 0; q < x.idx().length; q++) {
        expected.put(x.idx()[q], x.val()[q]);
      }
      Map<Integer, Double> actual = new HashMap<>();
      for (int q = 0; q < v.indices().length; q++) {
        Assertions.assertTrue(q == 0 || v.indices()[q - 1] < v.indices()[q], "indices ascending");
        actual.put(v.indices()[q], v.values()[q]);
      }
      assertEquals(expected, actual, r.getString(0));
      assertEquals(scorer.size(), v.size());
    }
    Assertions.assertTrue(Files.isDirectory(saved.resolve("stages")));
    assertArrayEquals(new int[] {5, 40}, FeaturePipeline.vocabularySizes(loaded));
  }
}
