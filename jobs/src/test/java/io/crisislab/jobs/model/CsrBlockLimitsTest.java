package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The block size limit that keeps cached blocks out of G1's humongous regions; no Spark needed. */
class CsrBlockLimitsTest {

  @Test
  void arraysStayUnderHalfARegionForEveryG1RegionSize() {
    for (long region = 1 << 20; region <= 32 << 20; region <<= 1) {
      long bytes = (long) CsrBlock.maxArray(region) * Integer.BYTES + 16; // array header
      assertTrue(bytes < region / 2, region + "-byte regions: an array of " + bytes + " bytes would be humongous");
    }
    assertEquals(1 << 20, CsrBlock.maxArray(0), "another collector: the plain limit");
    assertEquals(1 << 20, CsrBlock.maxArray(64L << 20), "never over 1M entries");
    assertTrue(CsrBlock.MAX_NNZ < CsrBlock.MAX_ARRAY && CsrBlock.MAX_NNZ >= CsrBlock.MAX_ARRAY / 2);
  }

  @Test
  void blocksOfManyWideRowsKeepEveryRowWithinTheLimit() {
    int rows = 3 * CsrBlock.MAX_NNZ / 500 + 7;
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
    Iterator<CsrBlock> blocks = CsrBlock.of(in.iterator(), 0, false, null);
    int seen = 0;
    int count = 0;
    while (blocks.hasNext()) {
      CsrBlock b = blocks.next();
      seen += b.rows();
      count++;
      assertTrue(b.vals.length <= CsrBlock.MAX_ARRAY, "block of " + b.vals.length + " values over " + CsrBlock.MAX_ARRAY);
    }
    assertEquals(rows, seen, "every row in exactly one block");
    assertTrue(count >= 3, "the limit splits " + rows + " rows into several blocks, got " + count);
  }
}
