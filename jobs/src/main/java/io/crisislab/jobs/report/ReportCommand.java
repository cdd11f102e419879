package io.crisislab.jobs.report;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.report.ReportJob.Defaults;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab report --runs DIR... --out DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Build index.html (self-contained), postmortem.md and summary.json from run folders,",
        "and calibration.json (the bundle live tools load) when train/tune/simulate runs are among them."})
public final class ReportCommand extends JobCommand<ReportJob.Config> {
  @Option(names = "--runs", arity = "1..*", required = true, paramLabel = "DIR",
      description = "Run folders, or folders holding run folders (e.g. a demo output or runs/).")
  List<Path> runs = new ArrayList<>();

  @Option(names = "--title", description = "Page title (default: ${DEFAULT-VALUE}).", defaultValue = Defaults.TITLE)
  String title;

  @Option(names = "--sample-posts", defaultValue = Defaults.SAMPLE_POSTS,
      description = "Example posts a section may show, HTML-escaped and without handles (default: ${DEFAULT-VALUE}).")
  int samplePosts;

  private ReportJob.Result result;

  @Override
  protected String jobName() {
    return "report";
  }

  @Override
  protected ReportJob.Config config() {
    return ReportJob.Config.builder(runs).title(title).samplePosts(samplePosts).build();
  }

  @Override
  protected void run(SparkSession spark, ReportJob.Config config, RunContext ctx) {
    result = ReportJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("report: " + runDir.resolve("index.html"));
    progress.info("post-mortem: " + runDir.resolve("postmortem.md"));
    progress.info("summary: " + runDir.resolve("summary.json"));
    if (result != null && result.bundle() != null) {
      progress.info("calibration bundle: " + runDir.resolve(result.bundle().getFileName()));
    }
  }
}
