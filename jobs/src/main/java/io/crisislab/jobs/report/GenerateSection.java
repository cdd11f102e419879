package io.crisislab.jobs.report;

import io.crisislab.jobs.html.Html;
import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.run.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generate runs: the posts written and the planted incidents ({@code incident-details.json}), the replay's ground truth. */
final class GenerateSection {
  private GenerateSection() {}

  static void render(Report r, RunInfo ri) {
    JsonNode details = ri.json("incident-details.json").orElse(null);
    ReportJob.counts(r, ri);
    if (details == null || !details.isArray()) {
      return;
    }
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode d : details) {
      rows.add(Arrays.asList(Report.text(d, "id"), Report.text(d, "brand"), Report.text(d, "reason"),
          Html.when(Postmortem.parse(Report.text(d, "start"))), Html.when(Postmortem.parse(Report.text(d, "end"))),
          d.path("seriesIds").size(), Report.number(d, "peakMultiplier"),
          Report.number(d, "excessNegativeShare")));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", Report.text(d, "id"));
      m.put("brand", Report.text(d, "brand"));
      m.put("reason", Report.text(d, "reason"));
      m.put("start", Report.text(d, "start"));
      m.put("end", Report.text(d, "end"));
      out.add(m);
    }
    r.html.p("Planted incidents (ground truth for the replay and the tuning)");
    r.html.table(List.of("incident", "brand", "reason", "start", "end", "channels", "peak multiplier",
        "excess negative share"), rows);
    Map<String, Object> g = r.jobRun("generate", ri);
    g.put("counts", ri.manifest().counts());
    g.put("incidents", out);
  }
}
