package io.crisislab.models.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesTest {
  @TempDir
  Path tmp;

  @Test
  void readsSortsFillsGapsAndReportsEachRepair() throws Exception {
    Path f = tmp.resolve("x.csv");
    Files.writeString(f, "timestamp,value\n2015-02-26 21:52:53,3\n2015-02-26 21:42:53,1\n2015-02-26 21:47:53,2\n"
        + "2015-02-26 22:07:53,5\n2015-02-26 22:07:53,1\n2015-02-26 22:13:00,4\n");
    SeriesLoad l = NabCsv.read(f);
    Series s = l.series();
    assertEquals("x.csv", s.id());
    assertEquals(300, s.bucketSeconds());
    assertArrayEquals(new double[] {1, 2, 3, 0, 0, 6, 4}, s.count());
    assertEquals(Timestamps.parse("2015-02-26 21:42:53"), s.bucketStart()[0]);
    String w = String.join("\n", l.warnings());
    assertTrue(w.contains("1 row(s) out of time order"), w);
    assertTrue(w.contains("2 missing bucket(s)"), w);
    assertTrue(w.contains("share a bucket"), w);
    assertTrue(w.contains("off the 300 s grid"), w);
  }

  @Test
  void badRowsAreDataErrorsNamingFileAndLine() throws Exception {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "timestamp,value\n2015-02-26 21:42:53,1\n2015-02-26 21:47:53,abc\n");
    DataException e = assertThrows(DataException.class, () -> NabCsv.read(f));
    assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("abc"), e.getMessage());
    Files.writeString(f, "timestamp,value\nyesterday,1\n");
    assertTrue(assertThrows(DataException.class, () -> NabCsv.read(f)).getMessage().contains("bad.csv:2"));
    Files.writeString(f, "time,count\n");
    assertTrue(assertThrows(DataException.class, () -> NabCsv.read(f)).getMessage().contains("header"));
    Files.writeString(f, "timestamp,value\n");
    assertTrue(assertThrows(DataException.class, () -> NabCsv.read(f)).getMessage().contains("no data rows"));
    Files.writeString(f, "timestamp,value\n2015-02-26 21:42:53,1\n2015-02-26 21:47:53,-1\n");
    String negative = assertThrows(DataException.class, () -> NabCsv.read(f)).getMessage();
    assertTrue(negative.contains("bad.csv:3: value is negative"), "names the file line, not the data row: " + negative);
    Files.writeString(f, "timestamp,value\n2015-02-26 21:42:53,1\n\n2015-02-26 21:52:53,NaN\n");
    String nan = assertThrows(DataException.class, () -> NabCsv.read(f)).getMessage();
    assertTrue(nan.contains("bad.csv:4: value is not a finite number"), "blank lines count as lines: " + nan);
  }

  @Test
  void constantSeriesIsWarned() throws Exception {
    Path f = tmp.resolve("c.csv");
    Files.writeString(f, "timestamp,value\n2015-02-26 21:42:53,2\n2015-02-26 21:47:53,2\n");
    assertTrue(String.join(" ", NabCsv.read(f).warnings()).contains("constant"));
  }

  @Test
  void writeReadRoundTrip() throws Exception {
    Series s = new Series("r.csv", 60, new long[] {0, 60, 120}, new double[] {1, 0, 2.5}, null);
    Path f = tmp.resolve("r.csv");
    NabCsv.write(s, f);
    assertEquals("timestamp,value\n1970-01-01 00:00:00,1\n1970-01-01 00:01:00,0\n1970-01-01 00:02:00,2.500000\n",
        Files.readString(f));
    assertEquals(s, NabCsv.read(f, 60).series());
  }

  @Test
  void thinningIsSeededAndKeepsTheExpectedShare() {
    double[] v = new double[5000];
    long[] t = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = 40;
      t[i] = i * 300L;
    }
    Series s = new Series("s", 300, t, v, null);
    Series a = Thinning.thin(s, 0.1, new MersenneTwister(9));
    Series b = Thinning.thin(s, 0.1, new MersenneTwister(9));
    assertArrayEquals(a.count(), b.count());
    double mean = Arrays.stream(a.count()).average().orElse(0);
    assertEquals(4.0, mean, 0.1);
    assertTrue(Arrays.stream(a.count()).allMatch(x -> x == Math.rint(x) && x >= 0 && x <= 40));
    assertThrows(IllegalArgumentException.class, () -> Thinning.thin(s, 0, new MersenneTwister(1)));
  }
}
