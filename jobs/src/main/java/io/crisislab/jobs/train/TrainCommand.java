package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.model.FeaturePipeline.CharRange;
import io.crisislab.jobs.model.Learner;
import io.crisislab.jobs.model.Task;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.train.TrainJob.Defaults;
import io.crisislab.models.encoder.SentenceEncoder;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab train}: train, evaluate, calibrate and export a negativity classifier. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train, evaluate, calibrate and export a negativity classifier.",
        "Writes model/, scorer.json, metrics.json, predictions/, model-card.html and model-card.md into the run folder."})
public final class TrainCommand extends JobCommand<TrainJob.Config> {
  @Option(names = "--posts", required = true, paramLabel = "DIR", description = "Labelled posts (run folder with posts/ or Parquet folder).")
  Path posts;

  @Option(names = "--test-posts", paramLabel = "DIR", description = "A given test set (default: split --posts, by time when every post has created_at).")
  Path testPosts;

  @Option(names = "--val-posts", paramLabel = "DIR", description = "A given validation set: hyperparameters, calibration and threshold are chosen on it (default: K-fold out-of-fold predictions on the training set).")
  Path valPosts;

  @Option(names = "--task", defaultValue = Defaults.TASK, paramLabel = "TASK", description = "${COMPLETION-CANDIDATES}: binary is negative vs rest (default: ${DEFAULT-VALUE}).")
  Task task;

  @Option(names = "--learner", defaultValue = Defaults.LEARNER, paramLabel = "NAME", description = "${COMPLETION-CANDIDATES}; linear-svc is binary only (default: ${DEFAULT-VALUE}).")
  Learner learner;

  @Option(names = "--test-fraction", defaultValue = Defaults.TEST_FRACTION, paramLabel = "F", description = "Share of posts held out for test when splitting (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--reg-params", defaultValue = Defaults.REG_PARAMS, split = ",", paramLabel = "R,...", description = "Regularisation grid (LR/SVC L2 strength, NB smoothing; default: ${DEFAULT-VALUE}).")
  List<Double> regParams;

  @Option(names = "--class-weights", split = ",", paramLabel = "W,...", description = "Class weighting grid: ${COMPLETION-CANDIDATES} (default: balanced for three-class, none for binary).")
  List<ClassWeight> classWeights;

  @Option(names = "--folds", defaultValue = Defaults.FOLDS, paramLabel = "K", description = "K for out-of-fold held-out predictions (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--folds-by", defaultValue = Defaults.FOLDS_BY, paramLabel = "HOW", description = "Out-of-fold blocks: time (contiguous periods), random (stratified), auto (time when every post has created_at); default: ${DEFAULT-VALUE}.")
  FoldsBy foldsBy;

  @Option(names = "--word-vocab", defaultValue = Defaults.WORD_VOCABS, split = ",", paramLabel = "N,...", description = "Word 1-2-gram vocabulary size grid (default: ${DEFAULT-VALUE}).")
  List<Integer> wordVocabs;

  @Option(names = "--char-vocab", defaultValue = Defaults.CHAR_VOCAB, paramLabel = "N", description = "Character n-gram vocabulary size (default: ${DEFAULT-VALUE}).")
  int charVocab;

  @Option(names = "--min-df", defaultValue = Defaults.MIN_DF, paramLabel = "N", description = "Least posts a term must occur in (default: ${DEFAULT-VALUE}).")
  int minDf;

  @Option(names = "--char-ngrams", defaultValue = Defaults.CHAR_NGRAMS, split = ",", paramLabel = "MIN..MAX,...", description = "Character n-gram length ranges to search (default: ${DEFAULT-VALUE}).")
  List<String> charNgrams;

  @Option(names = "--max-iter", defaultValue = Defaults.MAX_ITER, paramLabel = "N", description = "Optimiser iterations (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--calibration", defaultValue = Defaults.CALIBRATION, paramLabel = "M", description = "${COMPLETION-CANDIDATES}, fitted on held-out predictions (default: ${DEFAULT-VALUE}; isotonic follows the held-out set exactly and transfers worse across time).")
  CalibrationMethod calibration;

  @Option(names = "--target-precision", paramLabel = "P", description = "Threshold: lowest one reaching this precision on held-out predictions.")
  Double targetPrecision;

  @Option(names = "--target-recall", paramLabel = "R", description = "Threshold: highest one reaching this recall on held-out predictions.")
  Double targetRecall;

  @Option(names = "--cost-fn", paramLabel = "C", description = "Threshold by least cost: cost of a missed negative post (with --cost-fp).")
  Double costFn;

  @Option(names = "--cost-fp", paramLabel = "C", description = "Threshold by least cost: cost of a false alarm (with --cost-fn).")
  Double costFp;

  @Option(names = "--threshold", defaultValue = Defaults.THRESHOLD, paramLabel = "T", description = "Fixed threshold on calibrated p_negative when no rule is given (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--no-reasons", negatable = false, description = "Do not train the reason tagger.")
  boolean noReasons;

  @Option(names = "--encoder", defaultValue = Defaults.ENCODER, paramLabel = "NAME", description = "Pretrained sentence encoder whose embedding joins the features: none, minilm, bge-small, e5-small (default: ${DEFAULT-VALUE}; an encoder embeds every post, tens of posts/s per core).")
  String encoder;

  @Option(names = "--block-weights", defaultValue = Defaults.BLOCK_WEIGHTS, split = ",", paramLabel = "W,...", description = "With --encoder: grid of factors on the embedding next to the n-gram blocks; the embedding alone is tried too (default: ${DEFAULT-VALUE}).")
  List<Double> blockWeights;

  @Option(names = "--embedding-cache", paramLabel = "DIR", description = "With --encoder: embeddings cache (Parquet by encoder and text hash) shared across runs (default: embedding-cache/ in the run folder).")
  Path embeddingCache;

  @Option(names = "--peer-predictions", paramLabel = "CSV", description = "Another model's test predictions (post_id,predicted_class), e.g. bench/python/tweeteval_peer.py: metrics.json gets the paired bootstrap interval of the macro-recall difference.")
  Path peerPredictions;

  @Override
  protected String jobName() {
    return "train";
  }

  @Override
  protected TrainJob.Config config() {
    return TrainJob.Config.builder(posts).testPosts(testPosts).valPosts(valPosts).task(task).learner(learner)
        .testFraction(testFraction).regParams(regParams).classWeights(classWeights).folds(folds).foldsBy(foldsBy)
        .wordVocabs(wordVocabs).charVocab(charVocab).minDf(minDf)
        .charRanges(charNgrams.stream().map(CharRange::parse).toList()).maxIter(maxIter).calibration(calibration)
        .thresholdRule(targetPrecision, targetRecall, costFn, costFp).threshold(threshold).reasons(!noReasons)
        .encoder(SentenceEncoder.of(encoder)).blockWeights(blockWeights).embeddingCache(embeddingCache)
        .peerPredictions(peerPredictions).build();
  }

  @Override
  protected void run(SparkSession spark, TrainJob.Config config, RunContext ctx) {
    TrainJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("metrics: " + runDir.resolve(TrainJob.METRICS));
    progress.info("model card: " + runDir.resolve("model-card.html"));
    super.afterCommit(runDir, progress);
  }
}
