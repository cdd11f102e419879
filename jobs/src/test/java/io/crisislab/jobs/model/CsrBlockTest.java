package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link CsrBlock}'s column-by-column pass against the plain row-by-row loop it replaced: the same
 * loss and gradient to the last bit (the same sums in the same order), binomial and multinomial,
 * with zero weights, over several blocks, wherever the blocks and their column slices are cut.
 */
class CsrBlockTest {
  private static final int DIM = 60;

  @Test
  void multinomialPassEqualsTheRowMajorLoopExactly() {
    samePass(3, 1);
  }

  @Test
  void binomialPassEqualsTheRowMajorLoopExactly() {
    samePass(1, 2);
  }

  /** Classes are taken three at a time: two and five classes exercise the single-class remainder loop. */
  @Test
  void otherClassCountsEqualTheRowMajorLoopExactly() {
    samePass(2, 3);
    samePass(5, 4);
  }

  /** Blocks and slices cut anywhere: the same sums in the same order, so the same bits. */
  @Test
  void blockAndSliceBoundariesDoNotChangeTheBits() {
    for (int k : new int[] {1, 3}) {
      SplittableRandom rnd = new SplittableRandom(7 + k);
      List<Row> rows = rows(rnd, k);
      double[] coef = coefficients(rnd, k);
      double[] whole = pass(rows, coef, k, new CsrBlock.Limits(10_000, 1 << 20, 1 << 20));
      double[] cut = pass(rows, coef, k, new CsrBlock.Limits(37, 1 << 20, 9));
      assertArrayEquals(whole, cut, 0.0);
      assertArrayEquals(rowMajor(rows, coef, k), whole, 0.0);
    }
  }

  private static double[] pass(List<Row> rows, double[] coef, int k, CsrBlock.Limits limits) {
    double[] acc = new double[coef.length + 1];
    Iterator<CsrBlock> it = CsrBlock.of(rows.iterator(), 0, true, null, limits);
    while (it.hasNext()) {
      it.next().accumulate(coef, k, acc);
    }
    return acc;
  }

  private static List<Row> rows(SplittableRandom rnd, int k) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      TreeMap<Integer, Double> nz = new TreeMap<>();
      for (int t = rnd.nextInt(8); t >= 0; t--) {
        nz.put(rnd.nextInt(DIM), (double) (float) rnd.nextDouble(-2, 2));
      }
      double w = rnd.nextInt(10) == 0 ? 0 : rnd.nextDouble(0.5, 2);
      rows.add(RowFactory.create(Vectors.sparse(DIM, nz.keySet().stream().mapToInt(Integer::intValue).toArray(),
          nz.values().stream().mapToDouble(Double::doubleValue).toArray()), (double) rnd.nextInt(k == 1 ? 2 : k), w));
    }
    return rows;
  }

  private static double[] coefficients(SplittableRandom rnd, int k) {
    double[] coef = new double[DIM * k + k];
    for (int i = 0; i < coef.length; i++) {
      coef[i] = rnd.nextGaussian();
    }
    return coef;
  }

  private static void samePass(int k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Row> rows = rows(rnd, k);
    double[] coef = coefficients(rnd, k);
    double[] ours = new double[coef.length + 1];
    int blocks = 0;
    // small blocks: the pass runs over several, as over a partition
    for (int from = 0; from < rows.size(); from += 170) {
      Iterator<CsrBlock> it = CsrBlock.of(rows.subList(from, Math.min(rows.size(), from + 170)).iterator(), 0, true, null);
      while (it.hasNext()) {
        it.next().accumulate(coef, k, ours);
        blocks++;
      }
    }
    assertEquals(3, blocks);
    assertArrayEquals(rowMajor(rows, coef, k), ours, 0.0);
  }

  /** Row by row: margins, loss and the scatter of w (p - y) x, as CsrBlock's first version did. */
  private static double[] rowMajor(List<Row> rows, double[] coef, int k) {
    double[] acc = new double[coef.length + 1];
    int icpt = DIM * k;
    for (Row row : rows) {
      double w = row.getDouble(2);
      if (w == 0) {
        continue;
      }
      Vector x = (Vector) row.get(0);
      int[] idx = x.toSparse().indices();
      double[] val = x.toSparse().values();
      int y = (int) row.getDouble(1);
      double[] m = new double[k];
      System.arraycopy(coef, icpt, m, 0, k);
      for (int p = 0; p < idx.length; p++) {
        for (int c = 0; c < k; c++) {
          m[c] += (double) (float) val[p] * coef[idx[p] * k + c];
        }
      }
      double[] mult = new double[k];
      if (k == 1) {
        double mg = m[0];
        acc[icpt + 1] += w * ((mg > 0 ? mg + Math.log1p(Math.exp(-mg)) : Math.log1p(Math.exp(mg))) - y * mg);
        mult[0] = w * (1 / (1 + Math.exp(-mg)) - y);
      } else {
        double max = m[0];
        for (int c = 1; c < k; c++) {
          max = Math.max(max, m[c]);
        }
        double z = 0;
        double my = m[y] - max;
        for (int c = 0; c < k; c++) {
          m[c] = Math.exp(m[c] - max);
          z += m[c];
        }
        acc[icpt + k] += w * (Math.log(z) - my);
        for (int c = 0; c < k; c++) {
          mult[c] = w * (m[c] / z - (c == y ? 1 : 0));
        }
      }
      for (int c = 0; c < k; c++) {
        acc[icpt + c] += mult[c];
      }
      for (int p = 0; p < idx.length; p++) {
        for (int c = 0; c < k; c++) {
          acc[idx[p] * k + c] += (double) (float) val[p] * mult[c];
        }
      }
    }
    return acc;
  }
}
