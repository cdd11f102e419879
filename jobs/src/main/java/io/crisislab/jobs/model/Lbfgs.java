package io.crisislab.jobs.model;

import breeze.linalg.DenseVector;
import breeze.optimize.CachedDiffFunction;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The one place that calls breeze's L-BFGS from Java (breeze is on the classpath through Spark
 * MLlib, which minimises its logistic regression with the same class): {@code m} = 10 corrections
 * and breeze's convergence check, so {@code maxIter} and {@code tol} mean what MLlib's
 * {@code LogisticRegression} params mean (relative improvement of the objective, or a gradient norm
 * small relative to the objective, within {@code tol}).
 */
final class Lbfgs {
  /** MLlib's number of L-BFGS corrections. */
  static final int CORRECTIONS = 10;

  /** An objective: returns f(x) and writes its gradient into {@code grad} (same length as x, zeroed). */
  interface Objective {
    double evaluate(double[] x, double[] grad);
  }

  /** The minimiser's last iterate and how many iterations it took. */
  record Solution(double[] x, int iterations, double value) {}

  private Lbfgs() {}

  /**
   * Minimises {@code f} from {@code x0} (not modified) until breeze's convergence check stops it
   * or after {@code maxIter} iterations; the objective is evaluated through breeze's
   * {@code CachedDiffFunction}, as MLlib does, so a repeated point costs no second pass.
   */
  static Solution minimize(Objective f, double[] x0, int maxIter, double tol) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    LBFGS<DenseVector<Object>> lbfgs = new LBFGS(maxIter, CORRECTIONS, tol, DenseVector.space_Double());
    DiffFunction<DenseVector<Object>> diff = diffFunction(f);
    CachedDiffFunction<DenseVector<Object>> cached = new CachedDiffFunction<>(diff,
        DenseVector.canCopyDenseVector(ClassTag$.MODULE$.Double()));
    scala.collection.Iterator<?> states = lbfgs.iterations(cached, new breeze.linalg.DenseVector$mcD$sp(x0.clone()));
    FirstOrderMinimizer.State<?, ?, ?> last = null;
    while (states.hasNext()) {
      last = (FirstOrderMinimizer.State<?, ?, ?>) states.next();
    }
    if (last == null) {
      throw new IllegalStateException("L-BFGS returned no iterate");
    }
    @SuppressWarnings("unchecked")
    DenseVector<Object> x = (DenseVector<Object>) last.x();
    return new Solution(toArray(x), last.iter(), last.value());
  }

  private static double[] toArray(DenseVector<Object> v) {
    double[] data = (double[]) v.data();
    if (v.offset() == 0 && v.stride() == 1 && v.length() == data.length) {
      return data;
    }
    double[] out = new double[v.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[v.offset() + i * v.stride()];
    }
    return out;
  }

  /**
   * breeze's {@code DiffFunction} over an {@link Objective}. A Java class cannot implement the
   * trait (or extend a breeze class that does): it would inherit Scala's {@code Function1.apply}
   * returning Object next to the trait's {@code double apply}, which only the Scala compiler
   * reconciles, with a bridge method. The JDK's {@code LambdaMetafactory} makes the implementation
   * instead, of the trait's one abstract method of its own, {@code calculate}; the trait's default
   * methods ({@code valueAt}, {@code gradientAt}, {@code double apply}) call it. Function1's
   * generic {@code apply} stays unimplemented: breeze's L-BFGS never calls it (LogisticFitTest's fits
   * would fail with an AbstractMethodError if it did).
   */
  @SuppressWarnings("unchecked")
  private static DiffFunction<DenseVector<Object>> diffFunction(Objective f) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodType erased = MethodType.methodType(Tuple2.class, Object.class);
      MethodHandle impl = lookup.findStatic(Lbfgs.class, "calculate",
          MethodType.methodType(Tuple2.class, Objective.class, Object.class));
      CallSite site = LambdaMetafactory.metafactory(lookup, "calculate",
          MethodType.methodType(DiffFunction.class, Objective.class), erased, impl, erased);
      return (DiffFunction<DenseVector<Object>>) site.getTarget().invoke(f);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot implement breeze's DiffFunction", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Tuple2<Object, DenseVector<Object>> calculate(Objective f, Object x) {
    double[] xs = toArray((DenseVector<Object>) x);
    double[] grad = new double[xs.length];
    double value = f.evaluate(xs, grad);
    return new Tuple2<>(value, new breeze.linalg.DenseVector$mcD$sp(grad));
  }
}
