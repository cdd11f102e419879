package io.crisislab.jobs.model;

import io.crisislab.models.errors.DataException;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * A block of training rows as {@link LogisticFit} caches them: read row by row (compressed sparse
 * rows), kept column by column (the block's non-empty columns in ascending order, each with its
 * rows in ascending order and their values): int row indices, float values (TF-IDF values lie in
 * [0, 1] and embeddings in a few units, so a float's 24-bit mantissa keeps them to ~6e-8 relative;
 * the fitted coefficients and all scoring stay double), int class labels and double weights (null
 * when every weight is 1). Built in one pass over the rows, which also rejects a NaN or infinite
 * feature value, a label that is not a class index or a weight that is negative or not finite,
 * naming the row.
 *
 * <p>Why by column: a row's features are scattered over the whole vocabulary, so a row-major
 * pass reads the coefficients and adds into the gradient (d x k doubles: 7.6 MB at TweetEval size)
 * at random places, a cache miss per non-zero. Column by column, those arrays are walked in
 * ascending order and the random accesses go to the block's margins (rows x k doubles, a few
 * hundred kB), which stay in cache. The sums are the row-major pass's, in the same order (a row's
 * margin over its features in ascending order, a feature's gradient over the rows in ascending
 * order), so the results are identical to the last bit.
 */
final class CsrBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * Longest index or value array a block may hold: under half of this JVM's G1 heap region. G1
   * stores a larger array as a "humongous" object in whole regions of its own, so an int[1 << 20]
   * (4 MB and a header) fills an 8 MB region and costs twice its size. Spark's size estimate of the
   * cached blocks does not see that: a 4.5M-post fit with 1M-entry blocks ran out of a 16 GB heap
   * that way, twice (docs/train.md "4.5 million posts"). 1 << 20 entries where the collector is not G1.
   */
  static final int MAX_ARRAY = maxArray(g1RegionBytes());
  /** Non-zeros after which a block takes no further row: room for one more row within {@link #MAX_ARRAY}. */
  static final int MAX_NNZ = MAX_ARRAY - Math.min(MAX_ARRAY / 2, 16 * 1024);
  /** Most rows a block holds. */
  static final int MAX_ROWS = 1 << 16;

  final int dim;
  /** The non-empty columns, ascending; column {@code colIds[q]}'s entries are {@code colPtr[q]} to {@code colPtr[q + 1]}. */
  final int[] colIds;
  final int[] colPtr;
  /** Each entry's row (ascending within a column) and value. */
  final int[] rowIdx;
  final float[] vals;
  final int[] labels;
  final double[] weights;

  private CsrBlock(int dim, int[] colIds, int[] colPtr, int[] rowIdx, float[] vals, int[] labels, double[] weights) {
    this.dim = dim;
    this.colIds = colIds;
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    this.vals = vals;
    this.labels = labels;
    this.weights = weights;
  }

  /** {@link #MAX_ARRAY} for a G1 region of {@code regionBytes} (0: not G1): int/float entries, minus array headers. */
  static int maxArray(long regionBytes) {
    if (regionBytes <= 0) {
      return 1 << 20;
    }
    return (int) Math.min(1 << 20, regionBytes / 2 / Integer.BYTES - 16);
  }

  /** This JVM's G1 heap region size in bytes, or 0 when it runs another collector. */
  private static long g1RegionBytes() {
    try {
      return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(b -> b.getName().startsWith("G1"))
          ? Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
              .getVMOption("G1HeapRegionSize").getValue())
          : 0;
    } catch (RuntimeException e) {
      return 0; // a JVM without HotSpot's diagnostic bean: keep the plain limit
    }
  }

  int rows() {
    return labels.length;
  }

  /**
   * The blocks of one partition's rows: column 0 the feature vector, 1 the label (a double class
   * index), then the weight when {@code weighted}, then (any type) the row's id when {@code idCol}
   * is not null, used only to name a bad row.
   */
  static Iterator<CsrBlock> of(Iterator<Row> rows, int partition, boolean weighted, String idCol) {
    return new Iterator<>() {
      long rowInPartition;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public CsrBlock next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        Builder b = new Builder(weighted, idCol, partition);
        while (rows.hasNext() && b.n < MAX_ROWS && b.nnz < MAX_NNZ) {
          b.add(rows.next(), rowInPartition++);
        }
        return b.build();
      }
    };
  }

  /** Grows the arrays of one block row by row. */
  private static final class Builder {
    private final boolean weighted;
    private final String idCol;
    private final int partition;
    private Row row;
    private long rowIndex;
    int n;
    int nnz;
    int dim = -1;
    int[] rowPtr = new int[1024];
    int[] cols = new int[16 * 1024];
    float[] vals = new float[16 * 1024];
    int[] labels = new int[1024];
    double[] weights;

    Builder(boolean weighted, String idCol, int partition) {
      this.weighted = weighted;
      this.idCol = idCol;
      this.partition = partition;
      weights = weighted ? new double[1024] : null;
    }

    /** "training features, post_id X" (or the row's place): made only for an error message. */
    private String where() {
      return "training features, " + (idCol == null ? "row " + rowIndex + " of partition " + partition
          : idCol + " " + row.get(weighted ? 3 : 2));
    }

    void add(Row r, long index) {
      row = r;
      rowIndex = index;
      Vector v = (Vector) r.get(0);
      if (v == null) {
        throw new DataException(where() + ": no feature vector");
      }
      if (dim < 0) {
        dim = v.size();
      } else if (v.size() != dim) {
        throw new DataException(where() + ": " + v.size() + " features, expected " + dim);
      }
      double label = r.isNullAt(1) ? Double.NaN : ((Number) r.get(1)).doubleValue();
      if (!(label >= 0) || label != Math.rint(label) || label > Integer.MAX_VALUE) {
        throw new DataException(where() + ": label " + label + " is not a class index (0, 1, ...)");
      }
      double w = 1;
      if (weighted) {
        w = r.isNullAt(2) ? Double.NaN : ((Number) r.get(2)).doubleValue();
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new DataException(where() + ": weight " + w + " must be finite and >= 0");
        }
      }
      if (n + 2 > rowPtr.length) {
        rowPtr = Arrays.copyOf(rowPtr, rowPtr.length * 2);
        labels = Arrays.copyOf(labels, labels.length * 2);
        if (weighted) {
          weights = Arrays.copyOf(weights, weights.length * 2);
        }
      }
      if (v instanceof SparseVector s) {
        int[] idx = s.indices();
        double[] val = s.values();
        for (int i = 0; i < val.length; i++) {
          put(idx[i], val[i]);
        }
      } else {
        double[] val = ((DenseVector) v).values();
        for (int j = 0; j < val.length; j++) {
          put(j, val[j]);
        }
      }
      labels[n] = (int) label;
      if (weighted) {
        weights[n] = w;
      }
      n++;
      rowPtr[n] = nnz;
    }

    private void put(int j, double value) {
      float f = (float) value;
      if (!Double.isFinite(value) || Float.isInfinite(f)) {
        throw new DataException(where() + ": feature " + j + " is " + value
            + (Double.isFinite(value) ? " (outside float range)" : "") + "; every feature value must be finite");
      }
      if (f == 0f) {
        return;
      }
      if (nnz == cols.length) {
        // grow to at most MAX_ARRAY, so the arrays stay below G1's humongous size unless a single
        // row is wider than the room MAX_NNZ leaves
        int len = cols.length < MAX_ARRAY ? Math.min(cols.length * 2, MAX_ARRAY) : cols.length * 2;
        cols = Arrays.copyOf(cols, len);
        vals = Arrays.copyOf(vals, len);
      }
      cols[nnz] = j;
      vals[nnz] = f;
      nnz++;
    }

    /** The rows turned column by column (a counting sort by column, so each column keeps its rows' order). */
    CsrBlock build() {
      int d = Math.max(dim, 0);
      int[] start = new int[d + 1];
      for (int p = 0; p < nnz; p++) {
        start[cols[p] + 1]++;
      }
      int nonEmpty = 0;
      for (int j = 0; j < d; j++) {
        nonEmpty += start[j + 1] > 0 ? 1 : 0;
        start[j + 1] += start[j];
      }
      int[] colIds = new int[nonEmpty];
      int[] colPtr = new int[nonEmpty + 1];
      for (int j = 0, q = 0; j < d; j++) {
        if (start[j + 1] > start[j]) {
          colIds[q] = j;
          colPtr[++q] = start[j + 1];
        }
      }
      int[] rowIdx = new int[nnz];
      float[] byCol = new float[nnz];
      for (int i = 0; i < n; i++) {
        for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
          int at = start[cols[p]]++;
          rowIdx[at] = i;
          byCol[at] = vals[p];
        }
      }
      return new CsrBlock(d, colIds, colPtr, rowIdx, byCol, Arrays.copyOf(labels, n),
          weighted ? Arrays.copyOf(weights, n) : null);
    }
  }

  /**
   * Adds this block's weighted sums to {@code s}: rows, weight, squared weight, weight per class,
   * and per feature the weighted sum of values and of squared values (for the mean and the
   * standard deviation MLlib scales by).
   */
  void addTo(Stats s) {
    if (rows() == 0) {
      return;
    }
    s.init(dim);
    if (dim != s.dim) {
      throw new DataException("training features: vectors of " + dim + " and of " + s.dim + " features");
    }
    for (int i = 0; i < rows(); i++) {
      double w = weights == null ? 1 : weights[i];
      s.rows++;
      s.weight += w;
      s.weightSq += w * w;
      s.addClass(labels[i], w);
    }
    for (int q = 0; q < colIds.length; q++) {
      int j = colIds[q];
      for (int p = colPtr[q]; p < colPtr[q + 1]; p++) {
        double w = weights == null ? 1 : weights[rowIdx[p]];
        double v = vals[p];
        s.sum[j] += w * v;
        s.sumSq[j] += w * v * v;
      }
    }
  }

  /** Weighted sums over a set of rows ({@link #addTo}); {@code dim} is -1 until a row is seen. */
  static final class Stats implements Serializable {
    private static final long serialVersionUID = 1L;
    int dim = -1;
    long rows;
    double weight;
    double weightSq;
    double[] classWeight = new double[0];
    double[] sum;
    double[] sumSq;

    void init(int d) {
      if (dim < 0) {
        dim = d;
        sum = new double[d];
        sumSq = new double[d];
      }
    }

    void addClass(int label, double w) {
      if (label >= classWeight.length) {
        classWeight = Arrays.copyOf(classWeight, label + 1);
      }
      classWeight[label] += w;
    }

    /** Adds {@code o} into this (the order of merging is the caller's: partition order). */
    void merge(Stats o) {
      if (o.dim < 0) {
        return;
      }
      init(o.dim);
      if (o.dim != dim) {
        throw new DataException("training features: vectors of " + dim + " and of " + o.dim + " features");
      }
      rows += o.rows;
      weight += o.weight;
      weightSq += o.weightSq;
      for (int c = 0; c < o.classWeight.length; c++) {
        addClass(c, o.classWeight[c]);
      }
      for (int j = 0; j < dim; j++) {
        sum[j] += o.sum[j];
        sumSq[j] += o.sumSq[j];
      }
    }
  }

  /**
   * Adds this block's weighted log-loss and its gradient to {@code acc}: the margins column by
   * column, then each row's loss and residual, then the gradient column by column (see the class
   * comment). {@code coef} holds the coefficients feature-major ({@code coef[j * k + c]}, so a
   * feature's k classes are contiguous) followed by k intercepts; {@code acc} holds the gradient in
   * the same layout followed by the loss. {@code k} = 1 is the binomial model (sigmoid, label 1
   * positive), k >= 2 the multinomial (softmax).
   */
  void accumulate(double[] coef, int k, double[] acc) {
    int n = rows();
    int icpt = dim * k;
    int lossAt = icpt + k;
    // per row: its margins, then (w times) its residuals p - y
    double[] m = new double[n * k];
    for (int i = 0; i < n; i++) {
      System.arraycopy(coef, icpt, m, i * k, k);
    }
    // three classes at a time within a column: their coefficients (and below, the gradient's
    // running sums) are locals the JIT keeps in registers, instead of array elements it must re-read
    // because the two double[] might alias, and a non-zero's row and value are read once for the
    // three; each element still receives the same additions in the same order
    for (int q = 0; q < colIds.length; q++) {
      int base = colIds[q] * k;
      int from = colPtr[q];
      int end = colPtr[q + 1];
      int c = 0;
      for (; c + 3 <= k; c += 3) {
        double b0 = coef[base + c];
        double b1 = coef[base + c + 1];
        double b2 = coef[base + c + 2];
        for (int p = from; p < end; p++) {
          int r = rowIdx[p] * k + c;
          double v = vals[p];
          m[r] += v * b0;
          m[r + 1] += v * b1;
          m[r + 2] += v * b2;
        }
      }
      for (; c < k; c++) {
        double b = coef[base + c];
        for (int p = from; p < end; p++) {
          m[rowIdx[p] * k + c] += vals[p] * b;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      int r = i * k;
      if (w == 0) {
        Arrays.fill(m, r, r + k, 0);
      } else if (k == 1) {
        double margin = m[r];
        double y = labels[i];
        // log(1 + e^m) - y m, without overflow
        double log1pExp = margin > 0 ? margin + Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin));
        acc[lossAt] += w * (log1pExp - y * margin);
        m[r] = w * (1 / (1 + Math.exp(-margin)) - y);
        acc[icpt] += m[r];
      } else {
        double max = m[r];
        for (int c = 1; c < k; c++) {
          max = Math.max(max, m[r + c]);
        }
        int y = labels[i];
        double marginY = m[r + y] - max;
        double z = 0;
        for (int c = 0; c < k; c++) {
          m[r + c] = Math.exp(m[r + c] - max);
          z += m[r + c];
        }
        // -log softmax_y = log(sum_c e^(m_c - max)) - (m_y - max)
        acc[lossAt] += w * (Math.log(z) - marginY);
        for (int c = 0; c < k; c++) {
          m[r + c] = w * (m[r + c] / z - (c == y ? 1 : 0));
          acc[icpt + c] += m[r + c];
        }
      }
    }
    for (int q = 0; q < colIds.length; q++) {
      int base = colIds[q] * k;
      int from = colPtr[q];
      int end = colPtr[q + 1];
      int c = 0;
      for (; c + 3 <= k; c += 3) {
        double g0 = acc[base + c];
        double g1 = acc[base + c + 1];
        double g2 = acc[base + c + 2];
        for (int p = from; p < end; p++) {
          int r = rowIdx[p] * k + c;
          double v = vals[p];
          g0 += v * m[r];
          g1 += v * m[r + 1];
          g2 += v * m[r + 2];
        }
        acc[base + c] = g0;
        acc[base + c + 1] = g1;
        acc[base + c + 2] = g2;
      }
      for (; c < k; c++) {
        double g = acc[base + c];
        for (int p = from; p < end; p++) {
          g += vals[p] * m[rowIdx[p] * k + c];
        }
        acc[base + c] = g;
      }
    }
  }
}
