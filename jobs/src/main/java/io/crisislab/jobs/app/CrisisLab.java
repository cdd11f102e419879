package io.crisislab.jobs.app;

import io.crisislab.jobs.bench.BenchCommand;
import io.crisislab.jobs.calibration.CalibrationCommand;
import io.crisislab.jobs.cli.BuildInfo;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.cli.YamlConfig;
import io.crisislab.jobs.demo.DemoCommand;
import io.crisislab.jobs.generate.GenerateCommand;
import io.crisislab.jobs.ingest.IngestCommand;
import io.crisislab.jobs.replay.ReplayCommand;
import io.crisislab.jobs.report.ReportCommand;
import io.crisislab.jobs.score.ScoreCommand;
import io.crisislab.jobs.simulate.SimulateCommand;
import io.crisislab.jobs.train.TrainCommand;
import io.crisislab.jobs.tune.TuneCommand;
import io.crisislab.models.errors.CrisisLabException;
import io.crisislab.models.errors.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code crisislab} command line: one subcommand per job. Exit codes: 0 success, 1 bad data or
 * a failed job, 2 bad usage (unknown flag or key, wrong value type, invalid plan).
 */
@Command(name = "crisislab", mixinStandardHelpOptions = true, versionProvider = CrisisLab.Version.class,
    description = "Batch analytics and simulation harness for social-media crisis management.",
    subcommands = {GenerateCommand.class, IngestCommand.class, TrainCommand.class, ScoreCommand.class,
        ReplayCommand.class, TuneCommand.class, SimulateCommand.class, ReportCommand.class,
        DemoCommand.class, CalibrationCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class CrisisLab implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (never calls System.exit). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, with the output streams given (for tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    CommandLine cl = new CommandLine(new CrisisLab());
    JobCommand.declareOptions(cl);
    cl.setOut(out).setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> handle(ex, cmd, err, verbose));
    // one line, like every other error; the usage is one --help away
    cl.setParameterExceptionHandler((ex, args2) -> {
      String name = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(name + ": error: " + ex.getMessage().strip().replaceAll("\\s*\\n\\s*", " ") + " (see '" + name + " --help')");
      return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    });
    YamlConfig yaml;
    try {
      Path configFile = YamlConfig.findConfigArg(args);
      yaml = configFile == null ? null : YamlConfig.load(configFile);
    } catch (UsageException e) {
      err.println("crisislab: error: " + e.getMessage());
      return e.exitCode();
    }
    if (yaml != null) {
      cl.setDefaultValueProvider(yaml);
    }
    cl.setExecutionStrategy(parseResult -> {
      if (yaml != null) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandSpec sub = chain.get(chain.size() - 1).getCommandSpec();
        try {
          yaml.validate(cl.getCommandSpec(), sub);
        } catch (UsageException e) {
          err.println("crisislab " + sub.name() + ": error: " + e.getMessage());
          return e.exitCode();
        }
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl.execute(args);
  }

  private static int handle(Exception ex, CommandLine cmd, PrintWriter err, boolean verbose) {
    CrisisLabException known = findKnown(ex);
    String name = cmd.getCommandSpec().qualifiedName();
    if (known != null) {
      err.println(name + ": error: " + known.getMessage());
      if (verbose) {
        ex.printStackTrace(err);
      }
      return known.exitCode();
    }
    // an unexpected failure: its message, never its class name, on one line
    String msg = ex.getMessage() == null || ex.getMessage().isBlank() ? "internal error" : ex.getMessage().strip();
    Throwable cause = ex.getCause();
    if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
      msg += ": " + cause.getMessage();
    }
    err.println(name + ": failed: " + msg.replaceAll("\\s*\\n\\s*", " ")
        + (verbose ? "" : " (run again with --verbose for the stack trace)"));
    if (verbose) {
      ex.printStackTrace(err);
    }
    return 1;
  }

  /** Spark wraps exceptions thrown in tasks; look through the cause chain for ours. */
  private static CrisisLabException findKnown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CrisisLabException k) {
        return k;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** Prints the build's version with the Spark and Java it was built for. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"crisislab " + BuildInfo.version()
          + (BuildInfo.gitCommit() != null ? " (" + BuildInfo.gitCommit() + ")" : ""),
          "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java " + System.getProperty("java.version")};
    }
  }

  /** Unused parse hook kept package-private for tests that inspect the spec. */
  static ParseResult parse(String... args) {
    CommandLine cl = new CommandLine(new CrisisLab());
    JobCommand.declareOptions(cl);
    return cl.parseArgs(args);
  }
}
