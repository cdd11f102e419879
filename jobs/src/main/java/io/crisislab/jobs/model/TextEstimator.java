package io.crisislab.jobs.model;

import java.util.function.Function;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * The MLlib frame of a text feature estimator: its uid, its Params holder {@code P} (shared with
 * its model {@code M}), the column setters, copying and saving as plain Params (an estimator holds
 * nothing else). A concrete stage adds its own setters and {@code fit}, and a public
 * {@code (String uid)} constructor and a static {@code read()} (MLlib finds both by reflection when
 * it loads a pipeline).
 *
 * @param <S> the concrete estimator (setters return it, for chaining)
 */
public abstract class TextEstimator<S extends TextEstimator<S, M, P>, M extends Model<M>, P extends TextParams>
    extends Estimator<M> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  final P p;

  TextEstimator(String uid, Function<Params, P> params) {
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

  public final S setInputCol(String v) {
    return with(p.inputCol, v);
  }

  public final S setOutputCol(String v) {
    return with(p.outputCol, v);
  }

  /** Sets {@code param} to {@code v} and returns this stage, for the concrete setters. */
  final <T> S with(Param<T> param, T v) {
    set(param, v);
    return self();
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** {@code model} with this estimator's Params and this estimator as its parent: the end of {@code fit}. */
  final M fitted(M model) {
    return copyValues(model, extractParamMap()).setParent(this);
  }

  @Override
  public final S copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
