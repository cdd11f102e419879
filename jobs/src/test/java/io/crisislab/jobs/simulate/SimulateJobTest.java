package io.crisislab.jobs.simulate;





import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.sim.Engine;
import io.crisislab.models.sim.Model;
import io.crisislab.models.sim.Plan;
import io.crisislab.models.sim.Replication;
import io.crisislab.models.sim.Scenario;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulate job on the shared Spark session: outputs, reproducibility, compare mode, CLI errors. */
class SimulateJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  static Path home() {
    return Path.of(System.getProperty("crisislab.home", ".."));
  }

  RunContext ctx(String name, long seed) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return new RunContext("simulate", name, dir, seed, new Progress("simulate", new PrintStream(new java.io.ByteArrayOutputStream())));
  }

  static SimulateJob.Config small(int partitions) {
    return SimulateJob.Config.defaults().with(SimulateJob.PLAN, home().resolve(SimulateJob.EXAMPLE_PLAN))
        .with(SimulateJob.SCENARIO, home().resolve(SimulateJob.EXAMPLE_SCENARIO)).with(SimulateJob.REPLICATIONS, 150L)
        .with(SimulateJob.PARTITIONS, partitions).with(SimulateJob.TABLETOP, true).with(SimulateJob.TABLETOP_REPLICATION, 5L)
        .with(SimulateJob.SENSITIVITY_REPLICATIONS, 10).build();
  }

  @Test
  void sameSeedSameSummaryWhateverThePartitionsAndReplicationRowsReproduceAlone() throws Exception {
    RunContext c1 = ctx("one", 42);
    SimulateJob.Result r1 = SimulateJob.run(session(), small(2), c1);
    RunContext c2 = ctx("two", 42);
    SimulateJob.run(session(), small(3), c2);
    String s1 = Files.readString(c1.file("summary.json"));
    Assertions.assertEquals(s1, Files.readString(c2.file("summary.json")));
    Assertions.assertTrue(s1.contains("\"p90Minutes\""), s1);
    Assertions.assertTrue(s1.contains("\"breachProbability\""), s1);
    Assertions.assertTrue(s1.contains("\"sensitivity\""), s1);
    Assertions.assertEquals(150, r1.summary().replications());

    List<Row> rows = session().read().parquet(c1.file("replications.parquet").toString())
        .where("replication = 123").collectAsList();
    Assertions.assertEquals(1, rows.size());
    Model m = new Model(Plan.load(small(2).plan()), Scenario.load(small(2).scenario()));
    Replication alone = new Engine(m, 42).run(123);
    Row row = rows.get(0);
    Assertions.assertEquals(alone.milestoneMinutes()[4], row.getDouble(row.fieldIndex("holding_statement_minutes")), 0);
    Assertions.assertEquals(alone.backlogPeakMessages(), row.getInt(row.fieldIndex("backlog_peak_messages")));
    Assertions.assertEquals(alone.criticalPathMinutes()[6], row.getDouble(row.fieldIndex("cp_legal_review_minutes")), 0);
    Assertions.assertEquals(alone.events(), row.getLong(row.fieldIndex("events")));
    var df = session().read().parquet(c1.file("replications.parquet").toString());
    Assertions.assertEquals(150, df.count());
    Assertions.assertEquals(List.of("replication", "start_utc", "severity", "detected_minutes", "acknowledged_minutes",
        "severity_set_minutes", "pr_looped_in_minutes", "holding_statement_minutes", "first_public_answer_minutes",
        "offline_minutes", "resolved_minutes", "messages_arrived", "messages_answered", "backlog_peak_messages",
        "wait_mean_minutes", "wait_p90_minutes", "wait_max_minutes", "first_reply_minutes"),
        List.of(df.columns()).subList(0, 18));
    Assertions.assertTrue(List.of(df.columns()).contains("cp_wait_legal_review_minutes"));

    String md = Files.readString(c1.file("tabletop.md"));
    Assertions.assertTrue(md.contains("replication 5 (seed 42)"), md);

  }

  @Test
  void compareModeShowsOnCallLegalCuttingTheHoldingStatement() throws Exception {
    RunContext c = ctx("cmp", 7);
    SimulateJob.Config cfg = SimulateJob.Config.exampleComparison(home())
        .with(SimulateJob.SCENARIO, home().resolve(SimulateJob.EXAMPLE_SCENARIO)).with(SimulateJob.REPLICATIONS, 200L)
        .with(SimulateJob.TABLETOP, true).with(SimulateJob.SENSITIVITY_REPLICATIONS, 0).build();
    SimulateJob.Result r = SimulateJob.run(session(), cfg, c);
    Assertions.assertTrue(Files.exists(c.file("a/summary.json")) && Files.exists(c.file("b/summary.json")));
    Assertions.assertTrue(Files.exists(c.file("b/replications.parquet")));
    String md = Files.readString(c.file("comparison.md"));
    Assertions.assertTrue(md.contains("cuts p90 time to holding_statement"), md);
    var hs = r.comparison().milestones().stream().filter(d -> d.milestone().equals("holding_statement"))
        .findFirst().orElseThrow();
    Assertions.assertTrue(hs.p90DiffMinutes().ci95High() < 0, hs.toString());
  }

  @Test
  void badPlanIsExitTwoNamingTheLine() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(home().resolve(SimulateJob.EXAMPLE_PLAN))
        .replace("role: legal", "role: lawyers"));
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "simulate",
        "--plan", bad.toString(), "--replications", "10", "--out", tmp.resolve("out").toString());
    Assertions.assertEquals(2, code, err.toString());
    Assertions.assertTrue(err.toString().contains("bad.yaml line ") && err.toString().contains("unknown role 'lawyers'"),
        err.toString());
    Assertions.assertFalse(Files.exists(tmp.resolve("out")));
  }
}
