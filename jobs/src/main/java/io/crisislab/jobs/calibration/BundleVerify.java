package io.crisislab.jobs.calibration;

import static org.apache.spark.sql.functions.col;

import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.detect.AlertRule;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks that a loaded bundle reproduces the jobs' outputs: the bundle's scorer gives the score
 * run's {@code p_negative} (|difference| ≤ 1e-9) and {@code is_negative} on its posts, and the
 * bundle's detectors, fed the replay's series one bucket at a time, alert at exactly the buckets
 * of the replay's {@code alerts.json} (for replays that applied tuned rules). This is what a live
 * tool would compute from the same data, using only {@code crisislab-models}.
 */
public final class BundleVerify {
  /** Largest allowed |p_negative difference| between the bundle's scorer and the score job. */
  public static final double TOLERANCE = 1e-9;

  private BundleVerify() {}

  /**
   * @param checks lines describing each check
   * @param failures lines describing each mismatch (empty when everything reproduces)
   * @param postsCompared posts scored both ways
   * @param seriesCompared series whose alerts were compared
   */
  public record Outcome(List<String> checks, List<String> failures, long postsCompared, int seriesCompared) {}

  public static Outcome verify(SparkSession spark, LoadedBundle lb, List<RunInfo> runs, int maxPosts) {
    List<String> checks = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long posts = 0;
    int series = 0;
    Optional<ScorerCheck.Scorer> scorer = ScorerCheck.load(lb);
    for (RunInfo ri : runs) {
      Path scored = ri.scoredPosts();
      if (ri.job().equals("score") && scored != null) {
        if (scorer.isEmpty()) {
          checks.add("score " + ri.runId() + ": not compared (" + ScorerCheck.unavailable(lb) + ")");
          continue;
        }
        List<Row> rows = spark.read().parquet(scored.toString())
            .select(col("post_id"), col("text"), col("p_negative"), col("is_negative"))
            .orderBy(col("post_id")).limit(maxPosts).collectAsList();
        double worst = 0;
        long flips = 0;
        for (Row r : rows) {
          double p = scorer.get().pNegative(r.getString(1));
          double d = Math.abs(p - r.getDouble(2));
          worst = Math.max(worst, d);
          if ((p >= scorer.get().threshold()) != r.getBoolean(3)) {
            flips++;
          }
        }
        posts += rows.size();
        String line = String.format(Locale.ROOT, "score %s: %,d posts, max |p_negative difference| %.2e, is_negative disagreements %d",
            ri.runId(), rows.size(), worst, flips);
        checks.add(line);
        if (worst > TOLERANCE || flips > 0) {
          failures.add(line);
        }
      }
      if (ri.job().equals("replay") && ri.json("alerts.json").isPresent()) {
        Object cfg = ri.manifest().config().get("job");
        if (!(cfg instanceof Map<?, ?> m) || m.get("rules") == null) {
          checks.add("replay " + ri.runId() + ": not compared (it applied no tuned rules)");
          continue;
        }
        JsonNode alerts = ri.json("alerts.json").get();
        int bucket = m.get("bucketSeconds") instanceof Number n ? n.intValue() : 0;
        String measure = m.get("measure") == null ? "auto" : String.valueOf(m.get("measure"));
        for (SeriesSource.Loaded l : SeriesSource.load(spark, ri.configPath(m.get("series")), bucket, measure)) {
          Series s = l.series();
          Optional<AlertRule> rule = lb.newRule(l.brand(), l.channel(), SurgeRule.measureOf(l.measure()));
          if (rule.isEmpty()) {
            failures.add("replay " + ri.runId() + ": no bundle rule for series " + s.id());
            continue;
          }
          List<String> mine = new ArrayList<>();
          for (int i = 0; i < s.size(); i++) {
            if (rule.get().step(s.bucketStart()[i], s.count()[i]).alert()) {
              mine.add(Timestamps.format(s.bucketStart()[i]));
            }
          }
          List<String> theirs = new ArrayList<>();
          alerts.path(s.id()).forEach(a -> theirs.add(a.asText()));
          series++;
          String line = String.format(Locale.ROOT, "replay %s: series %s: %d alerts from the bundle's detector, %d in alerts.json%s",
              ri.runId(), s.id(), mine.size(), theirs.size(), mine.equals(theirs) ? ", identical" : ", DIFFERENT");
          checks.add(line);
          if (!mine.equals(theirs)) {
            failures.add(line);
          }
        }
      }
    }
    return new Outcome(checks, failures, posts, series);
  }
}
