package io.crisislab.models.post.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.post.Label;
import io.crisislab.models.post.Post;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamModelTest {
  static final StreamModel.Settings S = new StreamModel.Settings(3, 10, 2000, LocalDate.parse("2025-01-06"), 3, 5,
      0.08, "salt", 15);

  @Test
  void sameSeedSamePostsAndIncidents() {
    StreamModel a = StreamModel.plan(S, 1);
    StreamModel b = StreamModel.plan(S, 1);
    assertEquals(a.incidents(), b.incidents());
    List<Post> pa = new ArrayList<>();
    List<Post> pb = new ArrayList<>();
    a.generateUnit(4, pa::add);
    b.generateUnit(4, pb::add);
    assertEquals(pa, pb);
    assertTrue(pa.size() > 100);
  }

  @Test
  void incidentsDoNotOverlapPerBrandAndHaveWindowsForEveryAffectedSeries() {
    StreamModel m = StreamModel.plan(S, 9);
    assertEquals(3, m.incidents().size());
    assertEquals(12, m.windows().size());
    long windows = m.windows().values().stream().mapToLong(List::size).sum();
    assertEquals(m.incidents().stream().mapToLong(i -> i.channels().size()).sum(), windows);
    for (Incident i : m.incidents()) {
      assertTrue(i.channels().contains("mention"));
      assertTrue(i.end().isAfter(i.onset()));
      double atEnd = i.shape(i.end());
      assertTrue(Math.abs(atEnd - Incident.END_FRACTION) < 0.01, "shape at end " + atEnd);
    }
  }

  @Test
  void countsAreOverDispersedAndFollowTheDailyCycle() {
    StreamModel m = StreamModel.plan(new StreamModel.Settings(1, 28, 20000, LocalDate.parse("2025-01-06"), 0, 3, 0.08,
        "s", 60), 5);
    long[][] perHour = new long[28][24];
    for (int d = 0; d < 28; d++) {
      int day = d;
      m.generateUnit(d, p -> {
        if (p.channel().equals("mention")) {
          perHour[day][p.createdAt().atZone(java.time.ZoneOffset.UTC).getHour()]++;
        }
      });
    }
    // same clock hour across days: variance well above the mean (negative binomial, not Poisson)
    double ratioSum = 0;
    for (int h = 0; h < 24; h++) {
      double mean = 0;
      for (int d = 0; d < 28; d++) {
        mean += perHour[d][h] / 28.0;
      }
      double var = 0;
      for (int d = 0; d < 28; d++) {
        var += Math.pow(perHour[d][h] - mean, 2) / 27.0;
      }
      ratioSum += var / mean;
    }
    assertTrue(ratioSum / 24 > 3, "variance/mean " + ratioSum / 24);
    long peak = 0;
    long trough = Long.MAX_VALUE;
    for (int h = 0; h < 24; h++) {
      long tot = 0;
      for (int d = 0; d < 28; d++) {
        tot += perHour[d][h];
      }
      peak = Math.max(peak, tot);
      trough = Math.min(trough, tot);
    }
    assertTrue(peak > 2.5 * trough, "diurnal peak " + peak + " vs trough " + trough);
  }

  @Test
  void textsCarryCuesButLabelNoiseMakesSomeMisleading() {
    SyntheticText t = new SyntheticText(0.0);
    var rng = new org.apache.commons.math3.random.Well19937c(3);
    String s = t.write(Label.NEGATIVE, "Lost Luggage", "AcmeAir", "mention", rng);
    assertTrue(s.startsWith("@AcmeAir "), s);
    StreamModel m = StreamModel.plan(S, 2);
    List<Post> posts = new ArrayList<>();
    m.generateUnit(0, posts::add);
    assertTrue(posts.stream().anyMatch(p -> p.text().contains("http")));
    assertTrue(posts.stream().anyMatch(p -> p.text().contains("#")));
    assertTrue(posts.stream().allMatch(p -> (p.label() == Label.NEGATIVE) == (p.negativeReason() != null)));
    Instant first = posts.stream().map(Post::createdAt).min(Instant::compareTo).orElseThrow();
    assertEquals("2025-01-06", Post.dayOf(first));
  }
}
