package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.bundle.BundleBuilder;
import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crisislab report}: reads run folders and writes {@code index.html} (one self-contained
 * page), {@code postmortem.md} (for PR leads, one incident at a time) and {@code summary.json} (the
 * same figures for machines). Each run feeds the section of its manifest's {@code job}; a job the
 * report has no dedicated section for still gets its manifest facts and headline JSON figures.
 */
public final class ReportJob {
  /** Jobs whose runs feed the calibration bundle. */
  static final Set<String> BUNDLE_JOBS = Set.of("train", "tune", "simulate");

  /** Version of summary.json's layout (data/schemas/summary.md); bumped when a key changes meaning or goes. */
  public static final int SUMMARY_SCHEMA_VERSION = 2;

  private ReportJob() {}

  public static final Option<List<Path>> RUNS = Option.paths("--runs", "DIR",
      "Run folders, or folders holding run folders (e.g. a demo output or runs/).").required().arity("1..*").unsplit();
  public static final Option<String> TITLE = Option.text("--title", null, "CrisisLab report",
      "Page title (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> SAMPLE_POSTS = Option.integer("--sample-posts", null, "8",
      "Example posts a section may show, HTML-escaped and without handles (default: ${DEFAULT-VALUE}).")
      .check(v -> v >= 0 && v <= 1000, "must be in [0, 1000]");

  /** The options of {@code crisislab report}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, RUNS, TITLE, SAMPLE_POSTS);

  /**
   * @param runs run folders, or folders holding run folders
   * @param title page title
   * @param samplePosts how many example posts a section may show (posts are escaped, never with handles)
   */
  public record Config(List<Path> runs, String title, int samplePosts) {
    public Config {
      if (runs == null || runs.isEmpty()) {
        throw new UsageException("--runs: give at least one run folder");
      }
      runs = List.copyOf(runs);
      if (title == null || title.isBlank()) {
        throw new UsageException("--title must not be blank");
      }
    }

    /** The {@link #OPTIONS} defaults for a report over {@code runs}. */
    public static Settings<Config> defaults(List<Path> runs) {
      return OPTIONS.defaults().with(RUNS, runs);
    }
  }

  /** Where the outputs went. */
  public record Result(Path html, Path postmortem, Path summary, Path bundle, List<RunInfo> runs) {}

  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    List<RunInfo> runs = RunInfo.discover(c.runs());
    ctx.stage("find run folders", runs.size());
    Report r = new Report();
    r.summary.put("schemaVersion", SUMMARY_SCHEMA_VERSION);
    r.summary.put("title", c.title());
    r.summary.put("createdAt", Instant.now().toString());
    List<Map<String, Object>> runList = new ArrayList<>();
    for (RunInfo ri : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job", ri.job());
      m.put("runId", ri.runId());
      // the folder name only: absolute paths would leak the machine's layout and break when moved
      m.put("folder", ri.dir().getFileName().toString());
      m.put("manifestSha256", ri.manifestSha256());
      runList.add(m);
    }
    r.summary.put("runs", runList);
    r.md.append("# Post-mortem\n\n");
    ctx.progress().working("job sections");
    Sections.render(spark, r, runs, c, ctx);
    ctx.stage("render job sections", runs.size());

    ctx.progress().working("simulating the response to each incident");
    Response.Setup setup = Response.setup(r, runs);
    List<Story.Item> items = Story.items(spark, r, runs, setup);
    List<Story.Change> changes = Story.changes(r);
    ctx.stage("simulate the response to each incident from its alert", items.size());
    Postmortem.write(r, runs, items, changes, setup);
    List<String> notes = DataNotes.plain(r.dataNotes);
    r.summary.put("incidents", Story.incidentsJson(items));
    r.summary.put("changes", Story.changesJson(changes));
    r.summary.put("dataNotes", notes);
    r.summary.put("warnings", r.warnings);
    Object jobs = r.summary.remove("jobs"); // last: the per-job detail after the story
    r.summary.put("jobs", jobs == null ? Map.of() : jobs);

    Html page = r.html;
    Glance.dataNotes(page, notes);
    overview(r, runs);
    if (!r.warnings.isEmpty()) {
      page.section("warnings", "Warnings");
      for (String w : r.warnings) {
        page.warn(w);
      }
      page.endSection();
    }
    page.prepend(Glance.render(items, changes, notes.size(), setup));
    Path html = ctx.file("index.html");
    Path md = ctx.file("postmortem.md");
    Path summary = ctx.file("summary.json");
    String subtitle = "Built " + Html.when(Instant.now()) + " from " + runs.size() + " run folder(s)";
    AtomicFiles.writeString(html, page.page(c.title(), subtitle));
    AtomicFiles.writeString(md, r.md.toString());
    AtomicFiles.writeString(summary, Json.write(Report.tidy(r.summary)));
    ctx.stage("write index.html, postmortem.md, summary.json", -1);
    Path bundle = null;
    if (runs.stream().anyMatch(ri -> BUNDLE_JOBS.contains(ri.job()))) {
      bundle = BundleBuilder.build(runs, ctx.dir(), ctx);
    }
    return new Result(html, md, summary, bundle, runs);
  }

  /** The runs the report read, with their provenance (last on the page: for auditors, not the first read). */
  private static void overview(Report r, List<RunInfo> runs) {
    r.html.section("runs", "Runs read");
    List<List<Object>> rows = new ArrayList<>();
    for (RunInfo ri : runs) {
      rows.add(List.of(ri.job(), ri.runId(), ri.dir().getFileName().toString(),
          Html.when(Postmortem.parse(ri.manifest().finishedAt())), String.valueOf(ri.manifest().gitCommit())));
    }
    r.html.table(List.of("job", "run id", "folder", "finished", "commit"), rows);
    r.html.note("Every figure above comes from a file these runs wrote; manifest.json in each folder records "
        + "inputs with checksums, seeds and the resolved configuration.");
    r.html.endSection();
  }

  /** A run's row counts by stage (from its manifest) as a small table. */
  static void counts(Report r, RunInfo ri) {
    r.html.h3(ri.job() + " — " + ri.runId());
    Map<String, Long> counts = ri.manifest().counts();
    if (!counts.isEmpty()) {
      List<List<Object>> rows = new ArrayList<>();
      counts.forEach((k, v) -> {
        if (v >= 0) { // -1 marks a stage that has no row count
          rows.add(List.of(k, v));
        }
      });
      r.html.table(List.of("stage", "rows"), rows);
    }
  }

  /** A run's manifest facts and the headline figures of its JSON files (for jobs without a dedicated section). */
  static void generic(Report r, RunInfo ri) {
    counts(r, ri);
    Map<String, Object> sum = r.jobRun(ri.job(), ri);
    Map<String, Object> figures = new LinkedHashMap<>();
    for (Path f : topJsonFiles(ri.dir())) {
      JsonNode n = ri.json(f.getFileName().toString()).orElse(null);
      Map<String, Object> flat = Report.scalars(n, 40);
      if (flat.isEmpty()) {
        continue;
      }
      List<List<Object>> rows = new ArrayList<>();
      flat.forEach((k, v) -> rows.add(List.of(k, v)));
      r.html.p(f.getFileName().toString());
      r.html.table(List.of("figure", "value"), rows);
      figures.put(f.getFileName().toString(), flat);
      if (n != null && n.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        r.html.figs();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          Map<String, Double> nm = Report.numberMap(e.getValue());
          if (nm.size() >= 2 && nm.size() <= 40) {
            r.html.chart(Charts.bars(f.getFileName() + ": " + e.getKey(), e.getKey(),
                new ArrayList<>(nm.keySet()), new ArrayList<>(nm.values()), nm.size() > 8));
          }
        }
        r.html.endFigs();
      }
    }
    sum.put("counts", ri.manifest().counts());
    sum.put("figures", figures);
  }

  static List<Path> topJsonFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals("manifest.json"))
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
