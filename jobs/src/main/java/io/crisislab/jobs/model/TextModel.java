package io.crisislab.jobs.model;

import java.util.function.Function;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

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

  final String inputCol() {
    return (String) getOrDefault(p.inputCol);
  }

  final String outputCol() {
    return (String) getOrDefault(p.outputCol);
  }

  /** A model of the same uid and fitted state with no Params set: what {@link #copy} fills. */
  abstract S fresh();

  @Override
  public final S copy(ParamMap extra) {
    return copyValues(fresh(), extra).setParent(parent());
  }
}
