package io.crisislab.jobs.tune;

import io.crisislab.jobs.cli.JobCommand;
import picocli.CommandLine.Command;

/** {@code crisislab tune --series PATH --windows FILE --out DIR}. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = {"Tune surge detectors against labelled incident windows, with honest validation.",
        "Searches detectors × parameters × cool-downs × thresholds over Spark (a task per series × parameter block),",
        "validates leave-one-series-out (or leave-one-incident-out) and writes thresholds.json, tune.json and report.html."})
public final class TuneCommand extends JobCommand<TuneJob.Config, TuneJob.Result> {
  public TuneCommand() {
    super("tune", TuneJob.OPTIONS, TuneJob::run, output("rules", "thresholds.json"), output("report", "report.html"));
  }
}
