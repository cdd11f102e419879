package io.crisislab.jobs.generate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.generate.GenerateJob.Defaults;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab generate}: a synthetic stream with planted incidents. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate a realistic synthetic post stream with planted incidents: posts/ (canonical Parquet,",
        "labels and negative reasons) and incidents.json (ground-truth windows per brand/channel, NAB layout)."})
public final class GenerateCommand extends JobCommand<GenerateJob.Config> {
  @Option(names = "--brands", paramLabel = "N", defaultValue = Defaults.BRANDS, description = "Number of brands (default: ${DEFAULT-VALUE}).")
  int brands;

  @Option(names = "--days", paramLabel = "D", defaultValue = Defaults.DAYS, description = "Number of days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--posts-per-day", paramLabel = "R", defaultValue = Defaults.POSTS_PER_DAY,
      description = "Expected posts per day of an average brand (all channels), before incidents; total = brands x days x R (default: ${DEFAULT-VALUE}).")
  double postsPerDay;

  @Option(names = "--start", paramLabel = "DAY", defaultValue = Defaults.START, description = "First UTC day (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(names = "--incidents", paramLabel = "N", defaultValue = Defaults.INCIDENTS,
      description = "Incidents to plant (default: one per 21 brand-days, at least 1).")
  int incidents;

  @Option(names = "--dispersion", paramLabel = "K", defaultValue = Defaults.DISPERSION,
      description = "Negative-binomial shape of bucket counts; variance = mean + mean^2/K (default: ${DEFAULT-VALUE}).")
  double dispersion;

  @Option(names = "--label-noise", paramLabel = "P", defaultValue = Defaults.LABEL_NOISE,
      description = "Probability that a post's text is written for another label (default: ${DEFAULT-VALUE}).")
  double labelNoise;

  @Option(names = "--author-salt", paramLabel = "TEXT", defaultValue = Defaults.AUTHOR_SALT,
      description = "Salt of author_key (default: ${DEFAULT-VALUE}).")
  String authorSalt;

  @Option(names = "--bucket-minutes", paramLabel = "M", defaultValue = Defaults.BUCKET_MINUTES,
      description = "Volume bucket width in minutes (default: ${DEFAULT-VALUE}).")
  int bucketMinutes;

  @Option(names = "--tasks", paramLabel = "N", defaultValue = Defaults.TASKS,
      description = "Spark tasks; fixes the output file layout (default: min(brands*days, 256)).")
  int tasks;

  @Override
  protected String jobName() {
    return "generate";
  }

  @Override
  protected GenerateJob.Config config() {
    return GenerateJob.Config.builder().size(brands, days, postsPerDay).start(start).incidents(incidents)
        .dispersion(dispersion).labelNoise(labelNoise).authorSalt(authorSalt).bucketMinutes(bucketMinutes).tasks(tasks)
        .build();
  }

  @Override
  protected void run(SparkSession spark, GenerateJob.Config config, RunContext ctx) {
    GenerateJob.Result r = GenerateJob.run(spark, config, ctx);
    ctx.progress().info(String.format(Locale.ROOT, "%,d posts, %d brands, %d incidents",
        r.posts(), r.model().brands().size(), r.model().incidents().size()));
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (posts/, incidents.json, incident-details.json)");
  }
}
