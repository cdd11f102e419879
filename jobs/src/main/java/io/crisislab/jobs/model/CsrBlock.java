package io.crisislab.jobs.model;

import io.crisislab.models.errors.DataException;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * A block of training rows as {@link LogisticFit} caches them: read row by row (compressed sparse
 * rows), kept column by column (the block's non-empty columns in ascending order, each with its
 * rows in ascending order and their values, in {@link Slice}s of whole columns): int row indices,
 * float values (TF-IDF values lie in [0, 1] and embeddings in a few units, so a float's 24-bit
 * mantissa keeps them to ~6e-8 relative; the fitted coefficients and all scoring stay double),
 * int class labels and double weights (null
 * when every weight is 1). Built in one pass over the rows, which also rejects a NaN or infinite
 * feature value, a label that is not a class index or a weight that is negative or not finite,
 * naming the row.
 *
 * <p>Why by column: a row's features are scattered over the whole vocabulary, so a row-major
 * pass reads the coefficients and adds into the gradient (d x k doubles: 7.6 MB at TweetEval size)
 * at random places, a cache miss per non-zero. Column by column, those arrays are walked in
 * ascending order and the random accesses go to the block's margins (rows x k doubles, at most
 * 768 kB for three classes), which stay in cache. The sums are the row-major pass's, in the same order (a row's
 * margin over its features in ascending order, a feature's gradient over the rows in ascending
 * order), so the results are identical to the last bit.
 *
 * <p>Why large blocks in slices: a column's coefficients and gradient are fetched from memory (they
 * are far larger than the core's cache) once per block that has the column, so the pass costs
 * about one such fetch per (block, column) pair. With blocks of a few hundred rows most columns
 * hold one or two entries, and the fetches, not the arithmetic, set the pace. A block therefore
 * takes up to {@link #MAX_ROWS} rows (its margins still fit a core's cache), while each slice's
 * arrays stay under {@link #MAX_ARRAY} entries so that no cached array is a G1 humongous object.
 * Slices are walked in column order, so the sums and their order do not depend on where the
 * block or slice boundaries fall.
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
  /**
   * Most rows a block holds: its margins (rows x classes doubles, 768 kB for 32,768 rows and three
   * classes) stay in a core's 2 MB cache while the pass adds into them at random rows.
   */
  static final int MAX_ROWS = 1 << 15;
  /**
   * Non-zeros after which a block takes no further row. It bounds the builder's row-major arrays
   * (32 MB each), which exist only while the block is made.
   */
  static final int MAX_NNZ = 1 << 23;
  /** The limits {@link #of(Iterator, int, boolean, String)} uses. */
  static final Limits LIMITS = new Limits(MAX_ROWS, MAX_NNZ, MAX_ARRAY);

  /**
   * Where a block ends and a slice ends.
   *
   * @param maxRows most rows a block holds
   * @param maxNnz non-zeros after which a block takes no further row
   * @param maxArray most entries (non-zeros, or columns) a slice holds, unless one column alone has more
   */
  record Limits(int maxRows, int maxNnz, int maxArray) {
    Limits {
      if (maxRows < 1 || maxNnz < 1 || maxArray < 1) {
        throw new IllegalArgumentException("block limits must be >= 1: " + maxRows + ", " + maxNnz + ", " + maxArray);
      }
    }
  }

  /**
   * Consecutive whole columns of a block. Column {@code colIds[q]}'s entries are {@code colPtr[q]}
   * to {@code colPtr[q + 1]} of {@code rowIdx} (the entry's row in the block, ascending within a
   * column) and {@code vals}.
   */
  static final class Slice implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] colIds;
    final int[] colPtr;
    final int[] rowIdx;
    final float[] vals;

    Slice(int[] colIds, int[] colPtr, int[] rowIdx, float[] vals) {
      this.colIds = colIds;
      this.colPtr = colPtr;
      this.rowIdx = rowIdx;
      this.vals = vals;
    }
  }

  /**
   * The pass's margins, one array per thread, kept between passes: at up to {@link #MAX_ROWS} rows
   * a new one per block and pass would be a G1 humongous allocation each time.
   */
  private static final ThreadLocal<double[]> MARGINS = ThreadLocal.withInitial(() -> new double[0]);

  final int dim;
  /** The block's non-empty columns, ascending across and within slices. */
  final Slice[] slices;
  final int[] labels;
  final double[] weights;

  private CsrBlock(int dim, Slice[] slices, int[] labels, double[] weights) {
    this.dim = dim;
    this.slices = slices;
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
    return of(rows, partition, weighted, idCol, LIMITS);
  }

  /** {@link #of(Iterator, int, boolean, String)} with the given limits (tests: small blocks and slices). */
  static Iterator<CsrBlock> of(Iterator<Row> rows, int partition, boolean weighted, String idCol, Limits limits) {
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
        while (rows.hasNext() && b.n < limits.maxRows() && b.nnz < limits.maxNnz()) {
          b.add(rows.next(), rowInPartition++);
        }
        return b.build(limits.maxArray());
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
        cols = Arrays.copyOf(cols, cols.length * 2);
        vals = Arrays.copyOf(vals, vals.length * 2);
      }
      cols[nnz] = j;
      vals[nnz] = f;
      nnz++;
    }

    /**
     * The rows turned column by column (a counting sort by column, so each column keeps its rows'
     * order), cut into slices of whole columns of at most {@code maxArray} entries and columns.
     */
    CsrBlock build(int maxArray) {
      int d = Math.max(dim, 0);
      int[] count = new int[d];
      for (int p = 0; p < nnz; p++) {
        count[cols[p]]++;
      }
      // slice boundaries: a slice closes before the column that would take it over maxArray
      // entries or columns (a slice always takes at least one column)
      // one slice: columns first .. end - 1, the number of them that are non-empty, and their entries
      record Span(int first, int end, int columns, int entries) {}
      List<Span> spans = new ArrayList<>();
      int first = 0;
      int columns = 0;
      int entries = 0;
      for (int j = 0; j < d; j++) {
        if (count[j] == 0) {
          continue;
        }
        if (columns > 0 && (entries + count[j] > maxArray || columns + 1 > maxArray)) {
          spans.add(new Span(first, j, columns, entries));
          first = j;
          columns = 0;
          entries = 0;
        }
        columns++;
        entries += count[j];
      }
      if (columns > 0) {
        spans.add(new Span(first, d, columns, entries));
      }
      Slice[] slices = new Slice[spans.size()];
      // per column: its slice and the next free place in that slice
      int[] sliceOf = new int[d];
      int[] next = new int[d];
      for (int s = 0; s < slices.length; s++) {
        Span b = spans.get(s);
        int[] colIds = new int[b.columns()];
        int[] colPtr = new int[b.columns() + 1];
        for (int j = b.first(), q = 0, at = 0; j < b.end(); j++) {
          if (count[j] > 0) {
            sliceOf[j] = s;
            next[j] = at;
            colIds[q] = j;
            at += count[j];
            colPtr[++q] = at;
          }
        }
        slices[s] = new Slice(colIds, colPtr, new int[b.entries()], new float[b.entries()]);
      }
      for (int i = 0; i < n; i++) {
        for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
          int j = cols[p];
          Slice sl = slices[sliceOf[j]];
          int at = next[j]++;
          sl.rowIdx[at] = i;
          sl.vals[at] = vals[p];
        }
      }
      return new CsrBlock(d, slices, Arrays.copyOf(labels, n), weighted ? Arrays.copyOf(weights, n) : null);
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
    for (Slice sl : slices) {
      for (int q = 0; q < sl.colIds.length; q++) {
        int j = sl.colIds[q];
        for (int p = sl.colPtr[q]; p < sl.colPtr[q + 1]; p++) {
          double w = weights == null ? 1 : weights[sl.rowIdx[p]];
          double v = sl.vals[p];
          s.sum[j] += w * v;
          s.sumSq[j] += w * v * v;
        }
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
    // per row: its margins, then (w times) its residuals p - y; every element is set below before it is read
    double[] m = MARGINS.get();
    if (m.length < n * k) {
      m = new double[n * k];
      MARGINS.set(m);
    }
    for (int i = 0; i < n; i++) {
      System.arraycopy(coef, icpt, m, i * k, k);
    }
    for (Slice sl : slices) {
      margins(sl, coef, k, m);
    }
    lossAndResiduals(n, k, m, acc);
    for (Slice sl : slices) {
      gradient(sl, k, m, acc);
    }
  }

  /** Adds the slice's columns' terms to the rows' margins {@code m}. */
  private static void margins(Slice sl, double[] coef, int k, double[] m) {
    int[] colIds = sl.colIds;
    int[] colPtr = sl.colPtr;
    int[] rowIdx = sl.rowIdx;
    float[] vals = sl.vals;
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
  }

  /** Turns each row's margins in {@code m} into its weighted residuals, adding its loss and intercept terms to {@code acc}. */
  private void lossAndResiduals(int n, int k, double[] m, double[] acc) {
    int icpt = dim * k;
    int lossAt = icpt + k;
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
  }

  /** Adds the slice's columns' gradient terms (entry value times the row's residual) to {@code acc}. */
  private static void gradient(Slice sl, int k, double[] m, double[] acc) {
    int[] colIds = sl.colIds;
    int[] colPtr = sl.colPtr;
    int[] rowIdx = sl.rowIdx;
    float[] vals = sl.vals;
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
