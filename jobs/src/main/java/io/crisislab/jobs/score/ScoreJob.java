package io.crisislab.jobs.score;

import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.jobs.model.TrainedModel;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.ScorerFile;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores posts with a trained model (a train run folder): adds {@code p_negative} (calibrated),
 * {@code is_negative} (at the model's threshold) and {@code reason} (for negative posts, when the
 * model tags reasons) to every post and writes them as canonical posts Parquet under
 * {@code scored/} (partitioned by brand and day like {@code posts/}).
 */
public final class ScoreJob {
  /** Sub-folder of the run folder holding the scored posts. */
  public static final String SCORED_DIR = "scored";

  public static final Option<Path> MODEL = Option.path("--model", "DIR", "Train run folder (scorer.json + model/).")
      .required();
  public static final Option<Path> POSTS = Option.path("--posts", "DIR",
      "Posts to score (run folder with posts/ or Parquet folder).").required();

  /** The options of {@code crisislab score}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, MODEL, POSTS);

  /**
   * Build one with {@link #defaults}.
   *
   * @param model train run folder (holds scorer.json and model/)
   * @param posts posts to score (run folder with posts/ or Parquet folder)
   */
  public record Config(Path model, Path posts) {
    public Config {
      if (model == null) {
        throw new UsageException("--model is required");
      }
      if (posts == null) {
        throw new UsageException("--posts is required");
      }
    }

    /** Scoring {@code posts} with the model of the train run {@code model}. */
    public static Settings<Config> defaults(Path model, Path posts) {
      return OPTIONS.defaults().with(MODEL, model).with(POSTS, posts);
    }
  }

  /** Rows scored and rows flagged negative. */
  public record Result(long scored, long negative) {}

  private ScoreJob() {}

  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    TrainedModel model = TrainedModel.load(spark, c.model());
    ctx.input(c.model().resolve(ScorerFile.FILE_NAME));
    Dataset<Row> posts = PostsDataset.read(spark, c.posts());
    ctx.input(c.posts());
    long n = posts.count();
    ctx.stage("read posts", n);
    Dataset<Row> scored = model.score(posts, false);
    PostsDataset.write(scored, ctx.file(SCORED_DIR));
    Dataset<Row> back = PostsDataset.read(spark, ctx.file(SCORED_DIR));
    long neg = back.filter(back.col(PostColumns.IS_NEGATIVE)).count();
    ctx.stage("score and write " + SCORED_DIR + "/ (" + neg + " negative)", n);
    ctx.count("negative", neg);
    return new Result(n, neg);
  }
}
