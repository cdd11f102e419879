package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crisislab.models.scorer.NgramTerms;
import io.crisislab.models.text.TextFeatures;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

class NgramTfidfCountsTest {
  @Test
  void countsEveryTermAndItsPostsAsAMapOfStringsWouldThroughManyResizes() {
    MersenneTwister r = new MersenneTwister(3);
    NgramTfidfCounts counts = new NgramTfidfCounts();
    Map<String, long[]> expected = new HashMap<>();
    for (int post = 0; post < 3000; post++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 1 + r.nextInt(12); w++) {
        text.append((char) ('a' + r.nextInt(20))).append((char) ('a' + r.nextInt(20))).append(r.nextInt(50)).append(' ');
      }
      String plain = text.toString().trim();
      counts.nextPost();
      NgramTerms.chars(plain, 2, 5, counts);
      Set<String> seen = new HashSet<>();
      for (String g : TextFeatures.charNgrams(plain, 2, 5)) {
        long[] c = expected.computeIfAbsent("c" + g, k -> new long[2]);
        c[0]++;
        if (seen.add(g)) {
          c[1]++;
        }
      }
    }
    Row tail = RowFactory.create("end", 7L, 7L);
    Map<String, long[]> actual = new HashMap<>();
    Iterator<Row> it = counts.entries('c', List.of(tail).iterator());
    while (it.hasNext()) {
      Row t = it.next();
      actual.put(t.getString(0), new long[] {t.getLong(1), t.getLong(2)});
    }
    assertArrayEquals(new long[] {7, 7}, actual.remove("end"), "the entries that follow");
    assertEquals(expected.size(), counts.size());
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
  }
}
