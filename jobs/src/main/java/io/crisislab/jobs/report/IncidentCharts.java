package io.crisislab.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.SparkSession;

/**
 * Per-incident charts of a replay run: the series around each incident window (shaded) with the
 * alerts marked. The series are rebuilt through the replay job's own loader from the inputs its
 * manifest records, so the chart shows exactly what the rule saw.
 */
final class IncidentCharts {
  private IncidentCharts() {}

  static void render(SparkSession spark, Report r, RunInfo ri, JsonNode replay) {
    // filled in when the replay job's series loader is on this branch
  }
}
