package io.crisislab.jobs.simulate;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.simulate.SimulateJob.Defaults;
import io.crisislab.models.errors.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab simulate}: Monte Carlo simulation of a crisis plan's response times. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Monte Carlo simulation of a crisis plan's response times (discrete-event model on Spark).",
        "Writes replications.parquet, summary.json (milestones with 95%% CIs, SLA breaches, bottlenecks, "
            + "±25%% sensitivity) and, with --tabletop, tabletop.md; with --compare, a/ b/ and comparison.json."})
public final class SimulateCommand extends JobCommand<SimulateJob.Config> {
  @Option(names = "--plan", paramLabel = "FILE",
      description = "Plan YAML (default: data/plans/brand-crisis-12-step.yaml). Schema: data/plans/README.md.")
  Path plan;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "Scenario YAML (default: data/scenarios/saturday-2am-surge.yaml).")
  Path scenario;

  @Option(names = "--replications", paramLabel = "N", defaultValue = Defaults.REPLICATIONS,
      description = "Replications per plan (default: ${DEFAULT-VALUE}).")
  long replications;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = Defaults.PARTITIONS,
      description = "Spark partitions for the replications (default: the default parallelism).")
  int partitions;

  @Option(names = "--compare", arity = "2", paramLabel = "PLAN",
      description = "Compare two plans (A B) on common random numbers: paired differences with 95%% CIs.")
  List<Path> compare;

  @Option(names = "--tabletop", description = "Also write tabletop.md: one replication as a facilitator's script.")
  boolean tabletop;

  @Option(names = "--tabletop-replication", paramLabel = "I", defaultValue = Defaults.TABLETOP_REPLICATION,
      description = "The replication the tabletop script follows (default: ${DEFAULT-VALUE}).")
  long tabletopReplication;

  @Option(names = "--sensitivity-replications", paramLabel = "N", defaultValue = Defaults.SENSITIVITY_REPLICATIONS,
      description = "Replications per variant of the ±25%% sensitivity table; 0 skips it (default: ${DEFAULT-VALUE}).")
  int sensitivityReplications;

  @Override
  protected String jobName() {
    return "simulate";
  }

  @Override
  protected SimulateJob.Config config() {
    Path home = SimulateJob.home();
    Path a = plan != null ? plan : home.resolve(SimulateJob.EXAMPLE_PLAN);
    Path b = null;
    if (compare != null && !compare.isEmpty()) {
      if (plan != null) {
        throw new UsageException("--plan and --compare: give either one plan or two plans to compare");
      }
      a = compare.get(0);
      b = compare.get(1);
      SimulateJob.requireFile(b, "--compare");
    }
    Path s = scenario != null ? scenario : home.resolve(SimulateJob.EXAMPLE_SCENARIO);
    SimulateJob.requireFile(a, compare != null ? "--compare" : "--plan");
    SimulateJob.requireFile(s, "--scenario");
    return SimulateJob.Config.builder(home).compare(a, b).scenario(s).replications(replications).partitions(partitions)
        .tabletop(tabletop, tabletopReplication).sensitivityReplications(sensitivityReplications).build();
  }

  @Override
  protected void run(SparkSession spark, SimulateJob.Config config, RunContext ctx) {
    SimulateJob.run(spark, config, ctx);
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (summary.json" + (compare != null ? ", comparison.md" : "")
        + (tabletop ? ", tabletop.md" : "") + ")");
  }
}
