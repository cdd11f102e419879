package io.crisislab.jobs.model;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.FeatureBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The text feature pipeline, composed from MLlib stages only: a {@code SQLTransformer} calling the
 * {@code models} normaliser ({@link TextUdfs}), {@code NGram} for word bigrams, {@code CountVectorizer}
 * vocabularies (exportable exactly, unlike hashing), {@code IDF}, an L2 {@code Normalizer} per block
 * and a {@code VectorAssembler} into {@value #FEATURES}. Stage order is fixed so that
 * {@link #export} can find each fitted stage.
 */
public final class FeaturePipeline {
  /** Output column of the assembled feature vector. */
  public static final String FEATURES = "features";
  /**
   * Columns the pipeline adds on the way to {@value #FEATURES}: token and n-gram string arrays and
   * per-block vectors. Only the assembled vector is worth caching ({@link #cached}).
   */
  public static final List<String> STEPS = List.of("f_tokens", "f_bigrams", "f_words", "f_chars",
      "f_words_tf", "f_words_tfidf", "f_words_vec", "f_chars_tf", "f_chars_tfidf", "f_chars_vec");
  /** Every column the pipeline adds: {@link #STEPS} and {@value #FEATURES} (dropped from scored output). */
  public static final List<String> INTERMEDIATE = Stream.concat(STEPS.stream(), Stream.of(FEATURES)).toList();

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
    String text = PostColumns.TEXT;
    SQLTransformer normalise = new SQLTransformer().setStatement("SELECT *, " + TextUdfs.TOKENS + "(" + text
        + ") AS f_tokens, " + TextUdfs.CHARS + "(" + text + ", " + charMinN + ", " + charMaxN + ") AS f_chars FROM __THIS__");
    NGram bigrams = new NGram().setN(2).setInputCol("f_tokens").setOutputCol("f_bigrams");
    SQLTransformer words = new SQLTransformer().setStatement("SELECT *, concat(f_tokens, f_bigrams) AS f_words FROM __THIS__");
    List<PipelineStage> stages = new ArrayList<>(List.of(normalise, bigrams, words));
    stages.addAll(block("f_words", wordVocab, minDf));
    stages.addAll(block("f_chars", charVocab, minDf));
    stages.add(new VectorAssembler().setInputCols(new String[] {"f_words_vec", "f_chars_vec"}).setOutputCol(FEATURES));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  private static List<PipelineStage> block(String in, int vocab, int minDf) {
    return List.of(
        new CountVectorizer().setInputCol(in).setOutputCol(in + "_tf").setVocabSize(vocab).setMinDF(minDf),
        new IDF().setInputCol(in + "_tf").setOutputCol(in + "_tfidf"),
        new Normalizer().setP(2.0).setInputCol(in + "_tfidf").setOutputCol(in + "_vec"));
  }

  /** The feature blocks of a fitted pipeline, for the scorer file. */
  public static List<FeatureBlock> export(PipelineModel fitted) {
    Transformer[] s = fitted.stages();
    String stmt = ((SQLTransformer) s[0]).getStatement();
    int[] charRange = charRange(stmt);
    CountVectorizerModel wv = (CountVectorizerModel) s[3];
    IDFModel wi = (IDFModel) s[4];
    CountVectorizerModel cv = (CountVectorizerModel) s[6];
    IDFModel ci = (IDFModel) s[7];
    return List.of(
        new FeatureBlock("words", FeatureBlock.WORD, 1, 2, Arrays.asList(wv.vocabulary()), wi.idf().toArray(), true),
        new FeatureBlock("chars", FeatureBlock.CHAR, charRange[0], charRange[1], Arrays.asList(cv.vocabulary()),
            ci.idf().toArray(), true));
  }

  /** Vocabulary sizes (words, chars) of a fitted pipeline. */
  public static int[] vocabularySizes(PipelineModel fitted) {
    Transformer[] s = fitted.stages();
    return new int[] {((CountVectorizerModel) s[3]).vocabulary().length, ((CountVectorizerModel) s[6]).vocabulary().length};
  }

  private static int[] charRange(String stmt) {
    int at = stmt.indexOf(TextUdfs.CHARS + "(");
    String args = stmt.substring(stmt.indexOf('(', at) + 1, stmt.indexOf(')', at));
    String[] parts = args.split(",");
    return new int[] {Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim())};
  }

  /**
   * Features of {@code data}, cached in as many partitions as the session has cores: every
   * optimiser iteration aggregates one dense gradient (features x classes doubles) per partition,
   * so more partitions than cores only adds serialisation. The {@link #STEPS} columns are dropped
   * before caching: with them, the cache for 11.2M generated posts filled 72 GB of disk; without
   * them it is 27 GB.
   */
  public static Dataset<Row> cached(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> d = feats.transform(data).drop(STEPS.toArray(new String[0]));
    d = d.rdd().getNumPartitions() > parts ? d.coalesce(parts) : d;
    return d.persist(StorageLevel.MEMORY_AND_DISK());
  }
}
