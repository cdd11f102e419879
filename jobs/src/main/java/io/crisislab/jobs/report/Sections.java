package io.crisislab.jobs.report;

import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Dispatches runs to report sections by their manifest's {@code job}, in pipeline order. */
final class Sections {
  private Sections() {}

  /** Section order and titles: data in, classifier, incidents, simulation, then anything else. */
  private static final Map<String, String> TITLES = new LinkedHashMap<>();

  static {
    TITLES.put("generate", "Generated data");
    TITLES.put("ingest", "Ingest");
    TITLES.put("train", "Classifier");
    TITLES.put("score", "Scoring");
    TITLES.put("replay", "Incident replay");
    TITLES.put("tune", "Surge rules (tuning)");
    TITLES.put("simulate", "Response simulation");
  }

  static void render(SparkSession spark, Report r, List<RunInfo> runs, ReportJob.Config c, RunContext ctx) {
    Map<String, List<RunInfo>> byJob = new LinkedHashMap<>();
    for (RunInfo ri : runs) {
      byJob.computeIfAbsent(ri.job(), k -> new ArrayList<>()).add(ri);
    }
    for (Map.Entry<String, String> e : TITLES.entrySet()) {
      List<RunInfo> list = byJob.remove(e.getKey());
      if (list == null) {
        continue;
      }
      r.html.section(e.getKey(), e.getValue());
      for (RunInfo ri : list) {
        switch (e.getKey()) {
          case "ingest" -> IngestSection.render(spark, r, ri, c.samplePosts());
          case "simulate" -> SimulationSection.render(spark, r, ri);
          case "train" -> ClassifierSection.render(spark, r, ri, c.samplePosts());
          case "replay" -> ReplaySection.replay(spark, r, ri);
          case "generate" -> GenerateSection.render(r, ri);
          case "tune" -> ReplaySection.tune(r, ri);
          default -> ReportJob.generic(r, ri);
        }
      }
      r.html.endSection();
    }
    for (Map.Entry<String, List<RunInfo>> e : byJob.entrySet()) {
      if (e.getKey().equals("report") || e.getKey().equals("demo")) {
        continue;
      }
      r.html.section(e.getKey(), e.getKey());
      for (RunInfo ri : e.getValue()) {
        ReportJob.generic(r, ri);
      }
      r.html.endSection();
    }
  }
}
