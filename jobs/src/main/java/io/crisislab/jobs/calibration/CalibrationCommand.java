package io.crisislab.jobs.calibration;

import io.crisislab.jobs.bundle.BundleBuilder;
import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.spark.Sessions;
import io.crisislab.models.bundle.BundleLoader;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crisislab calibration build|check|diff}: make, check and compare calibration bundles. */
@Command(name = "calibration", mixinStandardHelpOptions = true,
    description = "Calibration bundles for live tools: build one from run folders, check one loads, diff two.",
    subcommands = {CalibrationCommand.Build.class, CalibrationCommand.Check.class, CalibrationCommand.Diff.class,
        CalibrationCommand.Verify.class})
public final class CalibrationCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: build, check or diff");
  }

  /** Resolves a bundle argument: the file itself, or a folder holding calibration.json. */
  static Path bundleFile(Path p) {
    return Files.isDirectory(p) ? p.resolve(CalibrationBundle.FILE_NAME) : p;
  }

  /** {@code calibration build --runs DIR... --out DIR}: the bundle alone, without the report. */
  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build calibration.json (and copy the exported scorer beside it) from train/tune/simulate runs.")
  public static final class Build extends JobCommand<BundleBuilder.Config, Path> {
    public Build() {
      super("calibration", BundleBuilder.OPTIONS,
          (spark, config, ctx) -> BundleBuilder.build(RunInfo.discover(config.runs()), ctx.dir(), ctx),
          output("bundle", CalibrationBundle.FILE_NAME));
    }

    @Override
    protected boolean needsSpark() {
      return false;
    }
  }

  /** A subcommand that reads bundles and prints to the command line's output. */
  @Command
  abstract static class Reading implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** A subcommand of one bundle, the first argument, loaded exactly as a live tool would. */
  @Command
  abstract static class OneBundle extends Reading {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "calibration.json or the folder holding it")
    Path bundle;

    LoadedBundle load() {
      return BundleLoader.load(bundleFile(bundle));
    }
  }

  /** {@code calibration check BUNDLE}: loads it exactly as a live tool would. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Load a bundle as a live tool would (version, structure, checksums, ready objects) and summarise it.")
  public static final class Check extends OneBundle {
    @Override
    public Integer call() {
      PrintWriter out = out();
      LoadedBundle lb = load();
      CalibrationBundle b = lb.bundle();
      out.println("ok: " + lb.file() + " (schemaVersion " + b.schemaVersion() + ", created " + b.createdAt() + ")");
      out.println(BundleSummary.describe(lb));
      return 0;
    }
  }

  /** {@code calibration verify BUNDLE --runs DIR...}: the loaded bundle reproduces the jobs' outputs. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Load a bundle as a live tool would, then check its scorer reproduces the score runs' p_negative",
          "(within 1e-9) and its detectors reproduce the replay runs' alerts.json, bucket for bucket. Exit 1 on a mismatch."})
  public static final class Verify extends OneBundle {
    @Option(names = "--runs", arity = "1..*", required = true, paramLabel = "DIR",
        description = "Run folders (or folders holding them) with score and replay runs.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--max-posts", defaultValue = "20000", description = "Posts compared per score run (default: ${DEFAULT-VALUE}).")
    int maxPosts;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master for reading the runs.")
    String master;

    @Override
    public Integer call() {
      PrintWriter out = out();
      LoadedBundle lb = load();
      SparkSession spark = Sessions.getOrCreate(master, 4, false);
      BundleVerify.Outcome o = BundleVerify.verify(spark, lb, RunInfo.discover(runs), maxPosts);
      o.checks().forEach(c -> out.println("  " + c));
      if (!o.failures().isEmpty()) {
        throw new DataException(bundleFile(bundle) + ": the bundle does not reproduce "
            + o.failures().size() + " output(s): " + o.failures().get(0));
      }
      out.println(String.format(Locale.ROOT, "ok: bundle reproduces the jobs: %,d posts scored identically, "
          + "%d series with identical alerts", o.postsCompared(), o.seriesCompared()));
      return 0;
    }
  }

  /** {@code calibration diff OLD NEW}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = {"What would change for live tools if NEW replaced OLD: thresholds moved, detectors swapped,",
          "expected false alarms, SLAs. Lines starting with * change live behaviour."})
  public static final class Diff extends Reading {
    @Parameters(index = "0", paramLabel = "OLD", description = "calibration.json or the folder holding it")
    Path oldBundle;

    @Parameters(index = "1", paramLabel = "NEW", description = "calibration.json or the folder holding it")
    Path newBundle;

    @Option(names = "--json", description = "Print the changes as JSON.")
    boolean json;

    @Option(names = "--exit-code", description = "Exit 3 when a change affects live tools (for scripts), like git diff --exit-code.")
    boolean exitCode;

    @Override
    public Integer call() {
      PrintWriter out = out();
      CalibrationBundle a = BundleLoader.read(bundleFile(oldBundle));
      CalibrationBundle b = BundleLoader.read(bundleFile(newBundle));
      List<BundleDiff.Change> changes = BundleDiff.diff(a, b);
      long live = changes.stream().filter(BundleDiff.Change::affectsLiveTools).count();
      if (json) {
        out.print(Json.write(changes));
      } else {
        out.println("calibration diff: " + oldBundle + " (" + a.createdAt() + ") -> " + newBundle + " (" + b.createdAt() + ")");
        for (BundleDiff.Change c : changes) {
          out.println(c.line());
        }
        out.println(changes.isEmpty() ? "no differences"
            : changes.size() + " difference(s), " + live + " change what live tools do (marked *)");
      }
      return exitCode && live > 0 ? 3 : 0;
    }
  }
}
