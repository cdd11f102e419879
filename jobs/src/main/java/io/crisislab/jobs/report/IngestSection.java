package io.crisislab.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.html.Charts;
import io.crisislab.jobs.html.Html;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest runs: read / accepted / rejected counts, quarantine reasons, label distribution, volume by
 * day and brand (from {@code ingest-report.json}), and a few example posts — text only, escaped,
 * never the author's handle even when the run kept handles.
 */
final class IngestSection {
  private IngestSection() {}

  static void render(SparkSession spark, Report r, RunInfo ri, int samplePosts) {
    JsonNode rep = ri.json("ingest-report.json").orElse(null);
    if (rep == null) {
      r.warn(ri.job() + " run " + ri.runId() + ": ingest-report.json missing");
      ReportJob.generic(r, ri);
      return;
    }
    r.html.h3("ingest " + ri.runId() + " (format " + Report.text(rep, "format") + ")");
    Map<String, Object> s = new LinkedHashMap<>();
    for (String k : List.of("read", "accepted", "rejected", "duplicates")) {
      Double v = Report.number(rep, k);
      s.put(k, v == null ? null : v.longValue());
    }
    s.put("firstCreatedAt", Report.text(rep, "firstCreatedAt"));
    s.put("lastCreatedAt", Report.text(rep, "lastCreatedAt"));
    List<List<Object>> rows = new ArrayList<>();
    s.forEach((k, v) -> rows.add(Arrays.asList(ReplaySection.label(k), v)));
    r.html.table(List.of("figure", "value"), rows);
    Map<String, Double> reasons = nonZero(Report.numberMap(Report.field(rep, "rejectedByReason")));
    Map<String, Double> labels = Report.numberMap(Report.field(rep, "labels"));
    Map<String, Double> brands = Report.numberMap(Report.field(rep, "perBrand"));
    Map<String, Double> days = Report.numberMap(Report.field(rep, "perDay"));
    s.put("rejectedByReason", reasons);
    s.put("labels", labels);
    s.put("perBrand", brands);
    r.html.figs();
    if (!reasons.isEmpty()) {
      r.html.chart(Charts.bars("Quarantined rows by reason", "rows", new ArrayList<>(reasons.keySet()),
          new ArrayList<>(reasons.values()), true));
    }
    if (!labels.isEmpty()) {
      r.html.chart(Charts.bars("Accepted posts by label", "posts", new ArrayList<>(labels.keySet()),
          new ArrayList<>(labels.values()), false));
    }
    if (brands.size() > 1) {
      r.html.chart(Charts.bars("Accepted posts by brand", "posts", new ArrayList<>(brands.keySet()),
          new ArrayList<>(brands.values()), true));
    }
    if (days.size() > 1 && days.size() <= 400) {
      Map<String, Double> sorted = new TreeMap<>(days);
      sorted.remove("_");
      r.html.chart(Charts.bars("Accepted posts by day (UTC)", "posts", new ArrayList<>(sorted.keySet()),
          new ArrayList<>(sorted.values()), false));
    }
    r.html.endFigs();
    if (reasons.isEmpty()) {
      r.html.note("No row was quarantined.");
    } else {
      r.html.note("Rejected rows are in " + ri.dir().getFileName() + "/quarantine with their original line, "
          + "source location and reason code.");
    }
    examplePosts(spark, r, ri, samplePosts);
    r.jobRun("ingest", ri).putAll(s);
  }

  /** The earliest posts of the run: time, brand, label and text (escaped by the table). */
  static void examplePosts(SparkSession spark, Report r, RunInfo ri, int n) {
    if (spark == null || n == 0 || !Files.isDirectory(ri.file(PostsDataset.SUBDIR))) {
      return;
    }
    List<Row> rows = PostsDataset.read(spark, ri.dir())
        .select(col(PostColumns.CREATED_AT), col(PostColumns.BRAND), col(PostColumns.LABEL), col(PostColumns.TEXT),
            col(PostColumns.POST_ID))
        .orderBy(col(PostColumns.CREATED_AT), col(PostColumns.POST_ID)).limit(n).collectAsList();
    List<List<Object>> table = new ArrayList<>();
    for (Row row : rows) {
      table.add(Arrays.asList(String.valueOf(row.get(0)), row.getString(1), row.getString(2),
          new Html.Post(row.getString(3))));
    }
    r.html.p("Example posts (earliest " + rows.size() + "; text as written, author handles never shown)");
    r.html.table(List.of("created_at (UTC)", "brand", "label", "text"), table);
  }

  private static Map<String, Double> nonZero(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != 0) {
        out.put(k, v);
      }
    });
    return out;
  }
}
