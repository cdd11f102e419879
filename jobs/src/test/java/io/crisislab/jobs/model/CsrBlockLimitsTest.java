package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The limits that keep cached arrays out of G1's humongous regions and blocks within a core's cache; no Spark needed. */
class CsrBlockLimitsTest {

  @Test
  void arraysStayUnderHalfARegionForEveryG1RegionSize() {
    for (long region = 1 << 20; region <= 32 << 20; region <<= 1) {
      long bytes = (long) CsrBlock.maxArray(region) * Integer.BYTES + 16; // array header
      assertTrue(bytes < region / 2, region + "-byte regions: an array of " + bytes + " bytes would be humongous");
      assertTrue(CsrBlock.maxArray(region) >= CsrBlock.MAX_ROWS, "a slice holds any one column whole");
    }
    assertEquals(1 << 20, CsrBlock.maxArray(0), "another collector: the plain limit");
    assertEquals(1 << 20, CsrBlock.maxArray(64L << 20), "never over 1M entries");
    assertThrows(IllegalArgumentException.class, () -> new CsrBlock.Limits(0, 1, 1));
  }

  @Test
  void blocksOfManyWideRowsKeepEverySliceWithinTheLimit() {
    int rows = 1_000;
    List<Row> in = new ArrayList<>(rows);
    int[] idx = new int[500];
    double[] val = new double[500];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 500; j++) {
        idx[j] = 2 * j + (r % 2);
        val[j] = 1.0 / (1 + j);
      }
      in.add(RowFactory.create(Vectors.sparse(1000, idx.clone(), val.clone()), (double) (r % 3)));
    }
    CsrBlock.Limits limits = new CsrBlock.Limits(400, 1 << 20, 10_000);
    Iterator<CsrBlock> blocks = CsrBlock.of(in.iterator(), 0, false, null, limits);
    int seen = 0;
    int count = 0;
    long entries = 0;
    int lastColumn = -1;
    while (blocks.hasNext()) {
      CsrBlock b = blocks.next();
      seen += b.rows();
      count++;
      assertTrue(b.rows() <= 400);
      assertTrue(b.slices.length > 1, "a block of " + b.rows() + " rows x 500 values is cut into slices");
      lastColumn = -1;
      for (CsrBlock.Slice sl : b.slices) {
        assertTrue(sl.vals.length <= limits.maxArray(), "slice of " + sl.vals.length + " values over " + limits.maxArray());
        assertTrue(sl.colIds[0] > lastColumn, "slices in ascending column order");
        lastColumn = sl.colIds[sl.colIds.length - 1];
        entries += sl.vals.length;
      }
    }
    assertEquals(rows, seen, "every row in exactly one block");
    assertEquals(3, count, "1,000 rows at 400 a block");
    assertEquals(500L * rows, entries, "every value in exactly one slice");
  }

  @Test
  void aColumnWiderThanTheSliceLimitGetsASliceOfItsOwn() {
    List<Row> in = new ArrayList<>();
    for (int r = 0; r < 50; r++) {
      in.add(RowFactory.create(Vectors.sparse(10, new int[] {0, 3 + r % 2}, new double[] {1, 2}), (double) (r % 2)));
    }
    CsrBlock b = CsrBlock.of(in.iterator(), 0, false, null, new CsrBlock.Limits(100, 1 << 20, 20)).next();
    assertEquals(50, b.slices[0].vals.length, "column 0's 50 entries, whole");
    assertEquals(3, b.slices.length, "column 0, then columns 3 and 4 (25 entries each) apart");
  }
}
