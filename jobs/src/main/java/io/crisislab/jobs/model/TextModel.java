package io.crisislab.jobs.model;

import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The MLlib frame of a fitted text feature stage: its uid, its Params holder {@code P} (shared with
 * its estimator) and copying. A concrete model adds {@code transform}, its fitted state (copied
 * through {@link #fresh()}), saving ({@code DefaultParamsWritable} or its own writer) and a static
 * {@code read()} (MLlib finds it by reflection when it loads a pipeline).
 *
 * @param <S> the concrete model
 */
public abstract class TextModel<S extends TextModel<S, P>, P extends TextParams> extends Model<S> {
  private static final long serialVersionUID = 1L;

  private final String uid;
  final P p;

  TextModel(String uid, Function<Params, P> params) {
    this.uid = uid;
    this.p = params.apply(this);
  }

  @Override
  public final String uid() {
    return uid;
  }

  @Override
  public final Param<?>[] params() {
    return p.all();
  }

  /** {@code r} with the vector {@code v} appended: the rows a text feature stage outputs. */
  static Row withVector(Row r, Vector v) {
    Object[] out = new Object[r.length() + 1];
    for (int i = 0; i < r.length(); i++) {
      out[i] = r.get(i);
    }
    out[r.length()] = v;
    return RowFactory.create(out);
  }

  /** Each of {@code rows} with {@code vector} of it appended, as it is read (inside {@code mapPartitions}). */
  static Iterator<Row> appending(Iterator<Row> rows, Function<Row, Vector> vector) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        return withVector(r, vector.apply(r));
      }
    };
  }

  /** A model of the same uid and fitted state with no Params set: what {@link #copy} fills. */
  abstract S fresh();

  @Override
  public final S copy(ParamMap extra) {
    return copyValues(fresh(), extra).setParent(parent());
  }
}
