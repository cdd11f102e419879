package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
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

  @Option(names = "--task", defaultValue = "binary", paramLabel = "TASK", description = "binary (negative vs rest) or three-class (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--learner", defaultValue = "logistic-regression", paramLabel = "NAME", description = "logistic-regression, linear-svc (binary) or naive-bayes (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F", description = "Share of posts held out for test when splitting (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--reg-params", split = ",", paramLabel = "R,...", description = "Regularisation grid (LR/SVC L2 strength, NB smoothing); default 3e-5,1e-4,3e-4.")
  List<Double> regParams;

  @Option(names = "--class-weights", split = ",", paramLabel = "W,...", description = "Class weighting grid: none, balanced (default: balanced for three-class, none for binary).")
  List<String> classWeights;

  @Option(names = "--folds", defaultValue = "3", paramLabel = "K", description = "K for out-of-fold held-out predictions (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--folds-by", defaultValue = "auto", paramLabel = "HOW", description = "Out-of-fold blocks: time (contiguous periods), random (stratified), auto (time when every post has created_at; default).")
  String foldsBy;

  @Option(names = "--word-vocab", split = ",", paramLabel = "N,...", description = "Word 1-2-gram vocabulary size grid (default: 200000).")
  List<Integer> wordVocabs;

  @Option(names = "--char-vocab", defaultValue = "300000", paramLabel = "N", description = "Character n-gram vocabulary size (default: ${DEFAULT-VALUE}).")
  int charVocab;

  @Option(names = "--min-df", defaultValue = "2", paramLabel = "N", description = "Least posts a term must occur in (default: ${DEFAULT-VALUE}).")
  int minDf;

  @Option(names = "--char-ngrams", split = ",", paramLabel = "MIN..MAX,...", description = "Character n-gram length ranges to search (default: 2..5).")
  List<String> charNgrams;

  @Option(names = "--max-iter", defaultValue = "200", paramLabel = "N", description = "Optimiser iterations (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--calibration", defaultValue = "platt", paramLabel = "M", description = "platt, isotonic or none, fitted on held-out predictions (default: ${DEFAULT-VALUE}; isotonic follows the held-out set exactly and transfers worse across time).")
  String calibration;

  @Option(names = "--target-precision", paramLabel = "P", description = "Threshold: lowest one reaching this precision on held-out predictions.")
  Double targetPrecision;

  @Option(names = "--target-recall", paramLabel = "R", description = "Threshold: highest one reaching this recall on held-out predictions.")
  Double targetRecall;

  @Option(names = "--cost-fn", paramLabel = "C", description = "Threshold by least cost: cost of a missed negative post (with --cost-fp).")
  Double costFn;

  @Option(names = "--cost-fp", paramLabel = "C", description = "Threshold by least cost: cost of a false alarm (with --cost-fn).")
  Double costFp;

  @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T", description = "Fixed threshold on calibrated p_negative when no rule is given (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--no-reasons", negatable = false, description = "Do not train the reason tagger.")
  boolean noReasons;

  @Override
  protected String jobName() {
    return "train";
  }

  @Override
  protected TrainJob.Config config() {
    TrainJob.Config d = TrainJob.Config.defaults(posts, task);
    List<FeaturePipeline.CharRange> ranges = charNgrams == null ? d.charRanges()
        : charNgrams.stream().map(FeaturePipeline.CharRange::parse).toList();
    return new TrainJob.Config(posts, testPosts, valPosts, task, learner, testFraction,
        regParams != null ? regParams : d.regParams(), classWeights != null ? classWeights : d.classWeights(), folds, foldsBy,
        wordVocabs != null ? wordVocabs : d.wordVocabs(), charVocab, minDf, ranges, maxIter, calibration,
        targetPrecision, targetRecall, costFn, costFp, threshold, !noReasons);
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
