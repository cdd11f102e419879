package io.crisislab.jobs.model;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.FeatureBlock;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The text feature pipeline: one {@link NgramTfidf} stage, the {@code models} featuriser (the
 * normaliser, word 1-2-grams and character n-grams, exact vocabularies, IDF, L2 norm per block)
 * wrapped as an MLlib estimator, writing {@value #FEATURES}. Spark training and scoring and the
 * Spark-free scorer thus compute features with the same code; {@link #export} hands its blocks to
 * the scorer file unchanged.
 */
public final class FeaturePipeline {
  /** Output column of the feature vector. */
  public static final String FEATURES = "features";
  /** Every column the pipeline adds (dropped from scored output). */
  public static final List<String> INTERMEDIATE = List.of(FEATURES);

  private FeaturePipeline() {}

  /** A range of character n-gram lengths, in code points: {@code 1 <= min <= max}. */
  public record CharRange(int min, int max) {
    public CharRange {
      if (min < 1 || max < min) {
        throw new UsageException("--char-ngrams must be MIN..MAX with 1 <= MIN <= MAX, got "
            + min + ".." + max);
      }
    }

    /** Parses {@code MIN..MAX}. */
    public static CharRange parse(String s) {
      String[] parts = s.trim().split("\\.\\.");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        return new CharRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("--char-ngrams must look like 2..5, got " + s);
      }
    }

    @Override
    public String toString() {
      return min + ".." + max;
    }
  }

  /**
   * The unfitted pipeline.
   *
   * @param wordVocab largest word (1-2-gram) vocabulary, most frequent terms kept
   * @param charVocab largest character n-gram vocabulary
   * @param minDf least number of training posts a term must occur in
   * @param charMinN shortest character n-gram
   * @param charMaxN longest character n-gram
   */
  public static Pipeline build(int wordVocab, int charVocab, int minDf, int charMinN, int charMaxN) {
    NgramTfidf features = new NgramTfidf().setInputCol(PostColumns.TEXT).setOutputCol(FEATURES)
        .setWordVocabSize(wordVocab).setCharVocabSize(charVocab).setMinDf(minDf).setCharRange(charMinN, charMaxN);
    return new Pipeline().setStages(new PipelineStage[] {features});
  }

  /** The feature blocks of a fitted pipeline, for the scorer file. */
  public static List<FeatureBlock> export(PipelineModel fitted) {
    return ((NgramTfidfModel) fitted.stages()[0]).blocks();
  }

  /** Vocabulary sizes (words, chars) of a fitted pipeline. */
  public static int[] vocabularySizes(PipelineModel fitted) {
    return export(fitted).stream().mapToInt(b -> b.vocabulary().size()).toArray();
  }

  /**
   * Features of {@code data} in as many partitions as the session has cores: every optimiser
   * iteration aggregates one dense gradient (features x classes doubles) per partition, so more
   * partitions than cores only adds serialisation. Not cached: for a single fit, MLlib's
   * LogisticRegression caches its own blockified copy, and caching these rows too would hold the
   * features twice.
   */
  public static Dataset<Row> features(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> d = feats.transform(data);
    return d.rdd().getNumPartitions() > parts ? d.coalesce(parts) : d;
  }

  /** {@link #features}, cached: for data that several fits or passes read. */
  public static Dataset<Row> cached(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    return features(feats, data, spark).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
