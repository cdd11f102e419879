package io.crisislab.jobs.demo;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.demo.DemoJob.Defaults;
import io.crisislab.jobs.ingest.Format;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crisislab demo [--out DIR]}: the whole pipeline on an embedded synthetic default (or on a
 * real export with {@code --data}), each step its own run folder below DIR, then the report and the
 * calibration bundle. Prints one progress line per step and where index.html and calibration.json are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole pipeline: generate (or ingest --data), ingest, train + calibrate, score,",
        "replay + tune, simulate the example plans and compare them, report and calibration bundle.",
        "Each step writes its own run folder below --out; the demo prints where index.html and calibration.json are."})
public final class DemoCommand extends JobCommand<DemoJob.Config> {
  @Option(names = "--data", paramLabel = "FILE",
      description = "Run on a real export instead of generated data (e.g. ../shared/data/airline-tweets/Tweets.csv).")
  Path data;

  @Option(names = "--format", defaultValue = Defaults.FORMAT,
      description = "Ingest preset for --data, as 'crisislab ingest --format' takes it (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--brands", defaultValue = Defaults.BRANDS, description = "Generated brands (default: ${DEFAULT-VALUE}).")
  int brands;

  @Option(names = "--days", defaultValue = Defaults.DAYS, description = "Generated days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--posts-per-day", defaultValue = Defaults.POSTS_PER_DAY,
      description = "Generated posts a day over all brands (default: ${DEFAULT-VALUE}).")
  int postsPerDay;

  @Option(names = "--replications", defaultValue = Defaults.REPLICATIONS,
      description = "Simulation replications per plan (default: ${DEFAULT-VALUE}).")
  int replications;

  private DemoJob.Result result;

  @Override
  protected String jobName() {
    return "demo";
  }

  @Override
  protected DemoJob.Config config() {
    return DemoJob.Config.builder().data(data, Format.parse(format)).size(brands, days, postsPerDay)
        .replications(replications).verbose(common.verbose).build();
  }

  @Override
  protected void run(SparkSession spark, DemoJob.Config config, RunContext ctx) throws Exception {
    result = DemoJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info(String.format(Locale.ROOT, "finished in %.0f s", progress.elapsedSeconds()));
    if (result != null) {
      for (String note : result.notes()) {
        progress.info("note: " + note);
      }
      Path report = runDir.resolve(result.reportRelative());
      progress.info("outputs:");
      progress.info("  report (open this first): " + report.resolve("index.html"));
      progress.info("  post-mortem for PR leads: " + report.resolve("postmortem.md"));
      progress.info("  figures for machines:     " + report.resolve("summary.json") + " (data/schemas/summary.md)");
      progress.info("  calibration bundle:       " + (result.hasBundle() ? report.resolve("calibration.json")
          : "not written (no train, tune or simulate step ran)"));
      progress.info("open first: " + report.resolve("index.html") + " in a browser; its first screen is the summary");
    }
    progress.info("run folders: " + runDir);
  }
}
