package io.crisislab.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.jobs.ingest.Format;
import io.crisislab.jobs.ingest.IngestJob;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.scorer.NegativityScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on the real airline tweets (../shared/data, skipped when absent): the time-ordered
 * split gives exactly 11,712 train / 2,928 test posts, and the exported Spark-free scorer gives the
 * Spark pipeline's p_negative within 1e-9 on every one of the 2,928 test posts. A small grid keeps
 * it to a minute or two; parity does not depend on the grid.
 */
class AirlineParityAcceptanceTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void sparkFreeScorerMatchesSparkOnEveryAirlineTestPost() throws Exception {
    String shared = System.getProperty("crisislab.shared");
    Path csv = shared == null ? null : Path.of(shared, "airline-tweets", "Tweets.csv");
    Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv), "../shared/data/airline-tweets absent");

    Path ingested = Files.createDirectories(tmp.resolve("air"));
    IngestJob.run(session(), IngestJob.Config.defaults(Format.AIRLINE, List.of(csv)).build(),
        new RunContext("ingest", "air", ingested, 42, new Progress("ingest", System.err)));

    TrainJob.Config c = TrainJob.Config.defaults(ingested).with(TrainJob.REG_PARAMS, List.of(3e-5)).with(TrainJob.FOLDS, 2)
        .with(TrainJob.WORD_VOCABS, List.of(20_000)).with(TrainJob.CHAR_VOCAB, 20_000).with(TrainJob.MAX_ITER, 60).with(TrainJob.REASONS, false).build();
    Path run = Files.createDirectories(tmp.resolve("train"));
    TrainJob.run(session(), c, new RunContext("train", "air", run, 42, new Progress("train", System.err)));

    JsonNode m = Json.mapper().readTree(run.resolve(TrainJob.METRICS).toFile());
    Assertions.assertEquals(11_712, m.get("nTrain").asLong());
    Assertions.assertEquals(2_928, m.get("nTest").asLong());
    NegativityScorer scorer = NegativityScorer.load(run);
    List<Row> preds = session().read().parquet(run.resolve(TrainJob.PREDICTIONS_DIR).toString())
        .select(PostColumns.TEXT, PostColumns.P_NEGATIVE).collectAsList();
    Assertions.assertEquals(2_928, preds.size());
    double worst = 0;
    for (Row r : preds) {
      worst = Math.max(worst, Math.abs(scorer.pNegative(r.getString(0)) - r.getDouble(1)));
    }
    Assertions.assertTrue(worst <= 1e-9, "max |p_negative difference| " + worst);
    Assertions.assertTrue(m.get("aucRoc").asDouble() > 0.85, "auc " + m.get("aucRoc"));
  }
}
