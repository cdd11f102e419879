package io.crisislab.jobs.model;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.FeatureBlock;
import io.crisislab.models.encoder.SentenceEncoder;
import io.crisislab.models.scorer.EncoderBlock;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
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
  /** The n-gram TF-IDF vector when a sentence embedding follows it into {@value #FEATURES}. */
  public static final String NGRAMS = "ngram_features";
  /** Every column the pipeline adds (dropped from scored output). */
  public static final List<String> INTERMEDIATE = List.of(FEATURES, NGRAMS);

  /**
   * MLlib's {@code maxBlockSizeInMB} for the MLlib fits left on these features (linear SVM; its
   * default is 1 MB). With an intercept MLlib centres the features implicitly, adding a dense pass
   * over every feature x class to the gradient of each block: at 1 MB (a few hundred posts a block)
   * that pass outweighs the sparse gradient once the vocabulary is large. Larger blocks make it
   * negligible; block size changes only the order of the gradient sums. Logistic regressions do
   * not use it ({@link LogisticFit} does that centring once per evaluation on the driver).
   */
  public static final double FIT_BLOCK_MB = 16;

  /**
   * L-BFGS convergence tolerance of the classifier fits (MLlib's default is 1e-6): {@code train}'s
   * models, quality figures and scorer parity are measured at this setting, and the training
   * benchmarks fit with it so that they time what {@code train} does.
   */
  public static final double FIT_TOL = 1e-7;

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

  /**
   * The pipeline with sentence-encoder features: the fitted n-gram stage (or null for the
   * embedding alone) followed by {@code weight} times the encoder's embedding.
   *
   * @param ngrams a fitted {@link #build} pipeline, or null
   * @param cacheDir embedding cache folder ({@link SentenceEmbeddingModel}), or null for none
   */
  public static PipelineModel withEncoder(PipelineModel ngrams, SentenceEncoder encoder, double weight, String cacheDir,
      Dataset<Row> schemaOf) {
    SentenceEmbedding emb = new SentenceEmbedding().setEncoder(encoder).setBlockWeight(weight).setCacheDir(cacheDir)
        .setInputCol(PostColumns.TEXT).setOutputCol(FEATURES);
    PipelineStage[] stages;
    if (ngrams == null) {
      stages = new PipelineStage[] {emb};
    } else {
      NgramTfidfModel ng = (NgramTfidfModel) ngrams.stages()[0].copy(new ParamMap());
      ng.set(ng.getParam("outputCol"), NGRAMS);
      stages = new PipelineStage[] {ng, emb.setAppendCol(NGRAMS)};
    }
    return new Pipeline().setStages(stages).fit(schemaOf.limit(0));
  }

  /** The feature blocks of a fitted pipeline, for the scorer file (none for the embedding alone). */
  public static List<FeatureBlock> export(PipelineModel fitted) {
    for (Transformer t : fitted.stages()) {
      if (t instanceof NgramTfidfModel m) {
        return m.blocks();
      }
    }
    return List.of();
  }

  /** The sentence-encoder features of a fitted pipeline for the scorer file, or null without an encoder. */
  public static EncoderBlock encoder(PipelineModel fitted) {
    for (Transformer t : fitted.stages()) {
      if (t instanceof SentenceEmbeddingModel m) {
        SentenceEncoder e = m.encoder();
        return new EncoderBlock(e.toString(), e.coordinates(), e.modelSha256(), m.prefix(), e.dimension(), m.blockWeight());
      }
    }
    return null;
  }

  /** Vocabulary sizes (words, chars) of a fitted pipeline. */
  public static int[] vocabularySizes(PipelineModel fitted) {
    return export(fitted).stream().mapToInt(b -> b.vocabulary().size()).toArray();
  }

  /**
   * The L2-penalised logistic regression every fit of {@code train} (the search, the final fit, the
   * reason tagger, the cascade) and the training benchmarks use on {@value #FEATURES}: no
   * standardisation, tolerance {@link #FIT_TOL}, fitted by {@link LogisticFit} over cached compact
   * blocks (MLlib's objective and optimiser, not its {@code LogisticRegression.train}).
   *
   * @param labelCol class index column (0..k-1)
   * @param regParam L2 strength
   * @param maxIter most L-BFGS iterations
   * @param multinomial softmax over all classes, else binomial
   */
  public static LogisticFit logisticRegression(String labelCol, double regParam, int maxIter, boolean multinomial) {
    return new LogisticFit(labelCol, regParam, maxIter, multinomial);
  }

  /**
   * Most rows a partition of a fit's input holds: about 660 MB of cached blocks at TweetEval's ~330
   * non-zeros a post. Spark caches or spills a partition whole, so a set larger than the storage
   * memory then spills some partitions instead of all of them (4.5M posts in two partitions of 6 GB
   * each would be re-read from disk at every optimiser step).
   */
  public static final long MAX_PARTITION_ROWS = 250_000;

  /**
   * Partitions for a fit's input of {@code rows} rows: a multiple of the session's cores (every
   * optimiser step aggregates one dense gradient per partition, so beyond that more partitions only
   * add serialisation, and a count that is not a multiple leaves a core idle for the last one), each
   * of at most {@link #MAX_PARTITION_ROWS} rows.
   */
  public static int partitions(long rows, SparkSession spark) {
    long cores = Math.max(1, spark.sparkContext().defaultParallelism());
    return (int) (cores * Math.max(1, -Math.floorDiv(-rows, cores * MAX_PARTITION_ROWS)));
  }

  /**
   * Features of {@code data} in {@link #partitions} partitions (a coalesce when that merges whole
   * partitions evenly, else a shuffle). Not cached: for a single fit, {@link LogisticFit} reads them
   * once into its own cached blocks, and caching these rows too would hold the features twice.
   */
  public static Dataset<Row> features(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    int parts = partitions(data.count(), spark);
    int have = data.rdd().getNumPartitions();
    return feats.transform(have == parts ? data : have > parts && have % parts == 0 ? data.coalesce(parts)
        : data.repartition(parts));
  }

  /** {@link #features}, cached: for data that several fits or passes read. */
  public static Dataset<Row> cached(PipelineModel feats, Dataset<Row> data, SparkSession spark) {
    return features(feats, data, spark).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
