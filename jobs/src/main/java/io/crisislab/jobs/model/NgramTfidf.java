package io.crisislab.jobs.model;

import io.crisislab.models.scorer.FeatureBlock;
import io.crisislab.models.scorer.NgramTerms;
import io.crisislab.models.text.SocialTextNormalizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * MLlib estimator of the text features: fits the word 1-2-gram and character n-gram vocabularies
 * and IDF weights of the {@code models} featuriser ({@link io.crisislab.models.scorer.TfidfFeaturizer})
 * with one distributed pass: each partition normalises its posts once, counts every term's
 * occurrences and document frequency in a local map, and the maps are summed by term. Per block,
 * terms in fewer than {@code minDf} posts are dropped and the {@code vocabSize} most frequent (by
 * total count, ties by term, so the vocabulary is deterministic) are kept, most frequent first;
 * IDF is MLlib's, {@code ln((m + 1) / (df + 1))} over all m posts.
 */
public final class NgramTfidf extends TextEstimator<NgramTfidf, NgramTfidfModel, NgramTfidfParams> {
  private static final long serialVersionUID = 1L;
  /** Key of the document count among the term keys (no term starts with this char). */
  private static final String DOCS = "\u0000docs";
  /** A partition's count of one term: tagged term, total count, posts holding it. */
  private static final StructType COUNTS = new StructType().add("term", DataTypes.StringType, false)
      .add("n", DataTypes.LongType, false).add("df", DataTypes.LongType, false);

  public NgramTfidf(String uid) {
    super(uid, NgramTfidfParams::new);
  }

  public NgramTfidf() {
    this(Identifiable.randomUID("ngramTfidf"));
  }

  public NgramTfidf setWordVocabSize(int v) {
    return with(p.wordVocabSize, v);
  }

  public NgramTfidf setCharVocabSize(int v) {
    return with(p.charVocabSize, v);
  }

  public NgramTfidf setMinDf(int v) {
    return with(p.minDf, v);
  }

  /** Character n-gram lengths {@code min..max} in code points. */
  public NgramTfidf setCharRange(int min, int max) {
    set(p.charMinN, min);
    return with(p.charMaxN, max);
  }

  @Override
  public NgramTfidfModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    int minN = (Integer) getOrDefault(p.charMinN);
    int maxN = (Integer) getOrDefault(p.charMaxN);
    if (maxN < minN) {
      throw new IllegalArgumentException("charMaxN " + maxN + " < charMinN " + minN);
    }
    long minDf = (Integer) getOrDefault(p.minDf);
    // the partitions' counts summed by term in Spark SQL's aggregate (binary rows in the shuffle,
    // no Java serialisation of millions of strings and arrays)
    JavaPairRDD<String, long[]> counts = dataset.select(p.input())
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> countTerms(rows, minN, maxN), Encoders.row(COUNTS))
        .groupBy("term").agg(functions.sum("n"), functions.sum("df"))
        .toJavaRDD()
        .filter(r -> r.getString(0).equals(DOCS) || r.getLong(2) >= minDf)
        .mapToPair(r -> new Tuple2<>(r.getString(0), new long[] {r.getLong(1), r.getLong(2)}))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Tuple2<String, long[]>> docs = counts.filter(t -> t._1.equals(DOCS)).collect();
      long m = docs.isEmpty() ? 0 : docs.get(0)._2[0];
      List<FeatureBlock> blocks = List.of(
          block(counts, "words", FeatureBlock.WORD, 1, 2, 'w', (Integer) getOrDefault(p.wordVocabSize), m),
          block(counts, "chars", FeatureBlock.CHAR, minN, maxN, 'c', (Integer) getOrDefault(p.charVocabSize), m));
      return fitted(new NgramTfidfModel(uid(), blocks));
    } finally {
      counts.unpersist(false);
    }
  }

  /** One block: its most frequent terms (keys prefixed with {@code tag}) and their IDF. */
  private static FeatureBlock block(JavaPairRDD<String, long[]> counts, String name, String kind, int minN, int maxN,
      char tag, int vocabSize, long m) {
    List<Tuple2<String, long[]>> top = counts.filter(t -> t._1.charAt(0) == tag).takeOrdered(vocabSize, new MostFrequent());
    List<String> vocab = new ArrayList<>(top.size());
    double[] idf = new double[top.size()];
    for (int i = 0; i < idf.length; i++) {
      vocab.add(top.get(i)._1.substring(1));
      idf[i] = Math.log((m + 1.0) / (top.get(i)._2[1] + 1.0));
    }
    return new FeatureBlock(name, kind, minN, maxN, vocab, idf, true);
  }

  /** Total count descending, then term ascending. */
  private static final class MostFrequent implements Comparator<Tuple2<String, long[]>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, long[]> a, Tuple2<String, long[]> b) {
      int c = Long.compare(b._2[0], a._2[0]);
      return c != 0 ? c : a._1.compareTo(b._1);
    }
  }

  /**
   * One partition's term counts: key = block tag ({@code w}/{@code c}) + term, value = {total
   * count, posts containing it}; plus the partition's post count under {@link #DOCS}.
   */
  private static Iterator<Row> countTerms(Iterator<Row> rows, int minN, int maxN) {
    NgramTfidfCounts words = new NgramTfidfCounts();
    NgramTfidfCounts chars = new NgramTfidfCounts();
    long docs = 0;
    while (rows.hasNext()) {
      String text = rows.next().getString(0);
      SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(text == null ? "" : text);
      words.nextPost();
      chars.nextPost();
      NgramTerms.words(n.tokens(), 1, 2, words);
      NgramTerms.chars(n.plain(), minN, maxN, chars);
      docs++;
    }
    Iterator<Row> docCount = List.of(RowFactory.create(DOCS, docs, docs)).iterator();
    return words.entries('w', chars.entries('c', docCount));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return NgramTfidfModel.withOutput(schema, p.input(), p.output(), -1);
  }

  public static MLReader<NgramTfidf> read() {
    return new DefaultParamsReader<>();
  }
}
