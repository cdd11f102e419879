package io.crisislab.jobs.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunFolder;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.jobs.spark.TaskFailures;
import io.crisislab.models.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every subcommand: the job's {@link Options} table becomes the command's flags
 * ({@link #declareOptions}), the parsed flags a validated config record ({@link #config()}), then the
 * job runs inside an atomic {@link RunFolder} and the manifest is written on success.
 *
 * <p>A command names its job, its option table and its {@code run}, and the files to point the user
 * at; it overrides {@link #afterCommit} only to print more than those.
 *
 * @param <C> the job's config record; its components are recorded in the manifest
 * @param <R> what the job's {@code run} returns
 */
public abstract class JobCommand<C extends Record, R> implements Callable<Integer> {
  /** Where default run folders go, relative to the working directory. */
  public static final Path RUNS_ROOT = Path.of("runs");

  @Mixin
  public CommonOptions common = new CommonOptions();

  @Spec
  CommandSpec spec;

  private final String jobName;
  private final Options<C> options;
  private final Job<C, R> job;
  private final List<Output> outputs;

  /** A job's entry point, {@code XxxJob::run}. */
  @FunctionalInterface
  public interface Job<C, R> {
    /** Runs the job; {@code spark} is null when the command does not need Spark. */
    R run(SparkSession spark, C config, RunContext ctx) throws Exception;
  }

  /** A file of the run folder the user is pointed at after a run: {@code label: <run folder>/file}. */
  public record Output(String label, String file) {}

  /** The output {@code file} (relative to the run folder), printed as {@code label: path}. */
  protected static Output output(String label, String file) {
    return new Output(label, file);
  }

  /**
   * @param jobName the job name used in run folders, progress lines and the manifest
   * @param options the job's option table (its {@code XxxJob.OPTIONS}): the flags of this command
   * @param job the job's entry point
   * @param outputs the files printed after a successful run, before the run folder
   */
  protected JobCommand(String jobName, Options<C> options, Job<C, R> job, Output... outputs) {
    this.jobName = jobName;
    this.options = options;
    this.job = job;
    this.outputs = List.of(outputs);
  }

  /** The job's option table: the flags of this command. */
  protected final Options<C> options() {
    return options;
  }

  /** The parsed flags (else YAML values, else defaults) by option, before checks. */
  protected final Settings<C> settings() {
    return options().fromCli(spec);
  }

  /** Builds and validates the config from the parsed flags; throws UsageException when invalid. */
  protected C config() {
    return settings().build();
  }

  /** Adds each job subcommand's {@link #options()} to its picocli model (at any depth); call before parsing. */
  public static void declareOptions(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      if (sub.getCommand() instanceof JobCommand<?, ?> cmd) {
        cmd.options().addTo(sub.getCommandSpec());
      }
      declareOptions(sub);
    }
  }

  /** Jobs that only read JSON and write reports skip starting Spark. */
  protected boolean needsSpark() {
    return true;
  }

  /** Printed after a successful run: the outputs, then the run folder. */
  protected void afterCommit(Path runDir, Progress progress, R result) {
    for (Output o : outputs) {
      progress.info(o.label() + ": " + runDir.resolve(o.file()));
    }
    progress.info("run folder: " + runDir);
  }

  @Override
  public Integer call() throws Exception {
    C config = config();
    Progress progress = new Progress(jobName, System.err);
    try (RunFolder folder = RunFolder.open(jobName, common.out, common.overwrite, RUNS_ROOT)) {
      folder.removedStale().forEach(p -> progress.info("removed the leftover of a killed run: " + p));
      RunContext ctx = new RunContext(jobName, folder.runId(), folder.workDir(), common.seed, progress);
      SparkSession spark = needsSpark()
          ? Sessions.getOrCreate(common.master, common.shufflePartitions, common.verbose) : null;
      TaskFailures failures = spark == null ? null : TaskFailures.attach(spark);
      R result = job.run(spark, config, ctx);
      if (failures != null) {
        // Spark re-runs lost work; record that it had to, so a completed run shows what it survived
        ctx.count("sparkFailedTasks", failures.failedTasks());
        ctx.count("sparkLostExecutors", failures.lostExecutors());
        failures.detach(spark);
      }
      Path done = folder.commit(ctx, resolvedConfig(config), BuildInfo.version(), BuildInfo.gitCommit(),
          BuildInfo.environment(spark == null ? null : spark.version()));
      afterCommit(done, progress, result);
    }
    return 0;
  }

  /** The body of a pipeline step run by {@link #runStep}. */
  @FunctionalInterface
  public interface StepBody {
    void run(RunContext ctx) throws Exception;
  }

  /**
   * Runs one job as a step of a pipeline (the demo): its own atomic run folder {@code out} with its
   * own manifest, as if it had been run from the command line.
   *
   * @return the committed run folder
   */
  public static Path runStep(String job, Path out, long seed, Object config, SparkSession spark,
      Progress progress, StepBody body) throws Exception {
    try (RunFolder folder = RunFolder.open(job, out, false, RUNS_ROOT)) {
      folder.removedStale().forEach(p -> progress.info("removed the leftover of a killed run: " + p));
      RunContext ctx = new RunContext(job, folder.runId(), folder.workDir(), seed, progress);
      body.run(ctx);
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("seed", seed);
      cfg.put("job", Json.mapper().convertValue(config, new TypeReference<Map<String, Object>>() {}));
      return folder.commit(ctx, cfg, BuildInfo.version(), BuildInfo.gitCommit(),
          BuildInfo.environment(spark == null ? null : spark.version()));
    }
  }

  /** The config record plus the common options, as JSON values for the manifest. */
  protected Map<String, Object> resolvedConfig(C config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("master", common.master);
    m.put("seed", common.seed);
    m.put("shufflePartitions", common.shufflePartitions);
    if (common.config != null) {
      m.put("configFile", common.config.toString());
    }
    m.put("job", Json.mapper().convertValue(config, new TypeReference<Map<String, Object>>() {}));
    return m;
  }
}
