package io.crisislab.jobs.train;

import io.crisislab.jobs.spark.PostsDataset;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Small synthetic labelled posts in the canonical schema, seeded. */
final class TrainFixtures {
  private TrainFixtures() {}

  static final String[][] NEG = {
      {"my flight is delayed again, 3 hours on the tarmac", "Late Flight"},
      {"@united lost my bag AGAIN #fail", "Lost Luggage"},
      {"worst customer service ever, on hold for 2 hours", "Customer Service Issue"},
      {"not happy at all, flight cancelled with no notice :(", "Cancelled Flight"},
      {"still waiting for my luggage, nobody answers", "Lost Luggage"},
      {"hold time is ridiculous, nobody picks up the phone", "Customer Service Issue"},
      {"Cancelled Flightled again?! this is a joke", "Cancelled Flight"},
      {"delayed delayed delayed #neveragain", "Late Flight"}};
  static final String[] POS = {"thanks for the great crew today :)", "love this airline, smooth flight",
      "awesome service, thank you so much", "great job getting us home early <3", "the upgrade was amazing thanks"};
  static final String[] NEU = {"what time does the gate open for the 6pm flight", "is wifi available on this route",
      "do you fly to denver in march", "how many bags can I check", "flight number change for tomorrow?"};

  /**
   * {@code n} posts: about 45% negative with a reason, the rest positive or neutral; created_at
   * increases with the row number; brands alternate between two airlines.
   */
  static Dataset<Row> posts(SparkSession spark, int n, long seed, String idPrefix) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    long t0 = Timestamp.valueOf("2015-02-17 08:00:00").getTime();
    String[] fillers = {"", " today", " again", " at ORD", " seriously", " on my way to LAX", " please", " now"};
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      String text;
      String label;
      String reason = null;
      if (u < 0.45) {
        String[] p = NEG[r.nextInt(NEG.length)];
        text = p[0];
        reason = p[1];
        label = "negative";
      } else if (u < 0.75) {
        text = POS[r.nextInt(POS.length)];
        label = "positive";
      } else {
        text = NEU[r.nextInt(NEU.length)];
        label = "neutral";
      }
      // label noise so the problem is not trivially separable
      if (r.nextDouble() < 0.08) {
        label = label.equals("negative") ? "neutral" : "negative";
        reason = label.equals("negative") ? "Can't Tell" : null;
      }
      text = text + fillers[r.nextInt(fillers.length)] + (r.nextBoolean() ? " http://t.co/x" + i : "");
      Timestamp ts = new Timestamp(t0 + i * 60_000L);
      String brand = i % 2 == 0 ? "United" : "Delta";
      rows.add(RowFactory.create(idPrefix + i, "twitter", "twitter", brand, ts, "k" + (i % 17), text, "en", null,
          null, null, null, label, 1.0, reason, "fixture#" + i, ts.toString().substring(0, 10)));
    }
    return spark.createDataFrame(rows, PostsDataset.schema());
  }

  static Path write(SparkSession spark, Dataset<Row> posts, Path dir) {
    PostsDataset.write(posts, dir);
    return dir;
  }
}
