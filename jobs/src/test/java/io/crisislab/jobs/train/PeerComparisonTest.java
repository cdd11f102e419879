package io.crisislab.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.stats.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json → peer: the paired bootstrap against another model's predictions for the same test posts. */
class PeerComparisonTest {
  private static final List<String> CLASSES = List.of("negative", "neutral", "positive");

  @TempDir
  Path tmp;

  @Test
  void ourRightAnswersWhereThePeerErrsShowAsBetterAndMissingPostsAreRefused() throws Exception {
    int n = 600;
    List<Row> rows = new ArrayList<>();
    int[] truth = new int[n];
    int[] ours = new int[n];
    StringBuilder csv = new StringBuilder("post_id,predicted_class\n");
    for (int i = 0; i < n; i++) {
      truth[i] = i % 3;
      ours[i] = i % 10 == 0 ? (truth[i] + 1) % 3 : truth[i]; // 90% right
      int peer = i % 4 == 0 ? (truth[i] + 2) % 3 : truth[i]; // 75% right
      rows.add(RowFactory.create("tweeteval:test_text.txt:" + (i + 1)));
      csv.append("tweeteval:test_text.txt:").append(i + 1).append(',').append(CLASSES.get(peer)).append('\n');
    }
    Path f = Files.writeString(tmp.resolve("peer.csv"), csv);
    Map<String, Object> m = Metrics.peer(f, rows, truth, ours, CLASSES, 5);
    Stats.Estimate d = (Stats.Estimate) m.get("macroRecallMinusPeer");
    assertEquals(0.15, d.value(), 0.01);
    assertTrue(d.ci95Low() > 0 && (Boolean) m.get("betterThanPeer"), d.toString());
    assertEquals(0.75, ((Stats.Estimate) m.get("peerMacroRecall")).value(), 0.01);

    Path partial = Files.writeString(tmp.resolve("partial.csv"), "post_id,predicted_class\ntweeteval:test_text.txt:1,negative\n");
    DataException e = assertThrows(DataException.class, () -> Metrics.peer(partial, rows, truth, ours, CLASSES, 5));
    assertTrue(e.getMessage().contains("no prediction for test post_id tweeteval:test_text.txt:2"), e.getMessage());
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "post_id,predicted_class\nx,angry\n");
    e = assertThrows(DataException.class, () -> Metrics.peer(bad, rows, truth, ours, CLASSES, 5));
    assertTrue(e.getMessage().contains("row 2"), e.getMessage());
  }
}
