package io.crisislab.jobs.generate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code crisislab generate}: a synthetic stream with planted incidents. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate a realistic synthetic post stream with planted incidents: posts/ (canonical Parquet,",
        "labels and negative reasons) and incidents.json (ground-truth windows per brand/channel, NAB layout)."})
public final class GenerateCommand extends JobCommand<GenerateJob.Config, GenerateJob.Result> {
  public GenerateCommand() {
    super("generate", GenerateJob.OPTIONS, GenerateJob::run);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress, GenerateJob.Result r) {
    progress.info(String.format(Locale.ROOT, "%,d posts, %d brands, %d incidents",
        r.posts(), r.model().brands().size(), r.model().incidents().size()));
    progress.info("run folder: " + runDir + " (posts/, incidents.json, incident-details.json)");
  }
}
