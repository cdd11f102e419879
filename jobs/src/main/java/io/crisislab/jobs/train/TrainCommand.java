package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.JobCommand;
import picocli.CommandLine.Command;

/** {@code crisislab train}: train, evaluate, calibrate and export a negativity classifier. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train, evaluate, calibrate and export a negativity classifier.",
        "Writes model/, scorer.json, metrics.json, predictions/, model-card.html and model-card.md into the run folder."})
public final class TrainCommand extends JobCommand<TrainJob.Config, TrainJob.Result> {
  public TrainCommand() {
    super("train", TrainJob.OPTIONS, TrainJob::run, output("metrics", TrainJob.METRICS),
        output("model card", "model-card.html"));
  }
}
