package io.crisislab.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class BenchTrainScaleTest {
  private static final String[][] CORPUS = {
      {"the flight was late again", "great crew and a smooth landing", "lost my bag at the gate",
          "seat was fine nothing to report", "thanks for the upgrade today"},
      {"negative", "positive", "negative", "neutral", "positive"}};

  @Test
  void theFirstPostsAreTheBaseCorpusUnchanged() {
    for (int i = 0; i < CORPUS[0].length; i++) {
      assertEquals(new Tuple2<>(CORPUS[0][i], CORPUS[1][i]), BenchTrainScale.post(CORPUS, i));
    }
  }

  @Test
  void grownPostsJoinTwoPostsOfTheSameLabelDeterministically() {
    Set<String> texts = new HashSet<>();
    for (long i = 5; i < 105; i++) {
      Tuple2<String, String> p = BenchTrainScale.post(CORPUS, i);
      int a = (int) (i % 5);
      assertEquals(CORPUS[1][a], p._2(), "label of grown post " + i);
      String[] head = CORPUS[0][a].split(" ");
      assertTrue(p._1().startsWith(String.join(" ", Arrays.copyOf(head, (head.length + 1) / 2))),
          "grown post " + i + " starts with the first half of base post " + a + ": " + p._1());
      assertEquals(p, BenchTrainScale.post(CORPUS, i), "same post for the same index");
      texts.add(p._1());
    }
    // the two positive posts (1, 4) recombine, so grown posts are not all copies of the base
    assertTrue(texts.stream().anyMatch(t -> !List.of(CORPUS[0]).contains(t)));
  }
}
