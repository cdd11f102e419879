package io.crisislab.models.scorer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * Map from the classifier's raw {@code p_negative} to a calibrated probability, fitted on held-out
 * data.
 *
 * <p>{@code none}: identity. {@code isotonic}: MLlib IsotonicRegressionModel's prediction rule:
 * below the first boundary the first prediction, above the last the last, on a boundary its
 * prediction, between two boundaries linear interpolation. {@code platt}:
 * {@code 1 / (1 + exp(-(a * logit(p) + b)))} with p clamped to [1e-12, 1 - 1e-12].
 *
 * @param method {@code none}, {@code isotonic} or {@code platt}
 * @param boundaries isotonic: increasing raw probabilities (else empty)
 * @param predictions isotonic: calibrated probability at each boundary (non-decreasing)
 * @param a platt slope (else 0)
 * @param b platt intercept (else 0)
 * @param priorShift when the training run adopted the prior-shift adjustment ({@code train --prior-shift}):
 *     the prior the map's probabilities are calibrated under, so that a live tool can carry a period's
 *     calibrated probabilities to that period's estimated prior ({@link PriorShift#adapt}); else null.
 *     {@link #apply} does not use it: the adjustment needs a period's posts, not one post
 */
public record Calibration(String method, double[] boundaries, double[] predictions, double a, double b,
    @JsonInclude(JsonInclude.Include.NON_NULL) PriorShift priorShift) {
  public static final String NONE = "none";
  public static final String ISOTONIC = "isotonic";
  public static final String PLATT = "platt";
  /** Probabilities are clamped to [EPS, 1 - EPS] before a logarithm, so a saturated model gives a finite value. */
  public static final double EPS = 1e-12;

  public static Calibration none() {
    return new Calibration(NONE, new double[0], new double[0], 0, 0, null);
  }

  public static Calibration isotonic(double[] boundaries, double[] predictions) {
    return new Calibration(ISOTONIC, boundaries, predictions, 0, 0, null);
  }

  public static Calibration platt(double a, double b) {
    return new Calibration(PLATT, new double[0], new double[0], a, b, null);
  }

  /** This map with the prior-shift record {@code shift} (null: without one). */
  public Calibration withPriorShift(PriorShift shift) {
    return new Calibration(method, boundaries, predictions, a, b, shift);
  }

  /** The calibrated probability for raw probability {@code p}. */
  public double apply(double p) {
    switch (method) {
      case ISOTONIC -> {
        int found = Arrays.binarySearch(boundaries, p);
        int insert = -found - 1;
        if (insert == 0) {
          return predictions[0];
        } else if (insert == boundaries.length) {
          return predictions[predictions.length - 1];
        } else if (found < 0) {
          double x1 = boundaries[insert - 1];
          double y1 = predictions[insert - 1];
          double x2 = boundaries[insert];
          double y2 = predictions[insert];
          return y1 + (y2 - y1) * (p - x1) / (x2 - x1);
        } else {
          return predictions[found];
        }
      }
      case PLATT -> {
        return 1.0 / (1.0 + Math.exp(-(a * logit(p) + b)));
      }
      default -> {
        return p;
      }
    }
  }

  /** {@code ln(p / (1 - p))} with p clamped ({@link #clamp}): the Platt feature, and the blend's binary inputs. */
  public static double logit(double p) {
    double q = clamp(p);
    return Math.log(q / (1 - q));
  }

  /** p clamped to [{@value #EPS}, 1 - {@value #EPS}]. */
  public static double clamp(double p) {
    return Math.min(1 - EPS, Math.max(EPS, p));
  }

  void validate() {
    if (!NONE.equals(method) && !ISOTONIC.equals(method) && !PLATT.equals(method)) {
      throw new IllegalArgumentException("calibration method must be none, isotonic or platt, got " + method);
    }
    if (ISOTONIC.equals(method) && (boundaries.length == 0 || boundaries.length != predictions.length)) {
      throw new IllegalArgumentException("isotonic calibration needs as many boundaries as predictions (>= 1)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Calibration c && method.equals(c.method) && Arrays.equals(boundaries, c.boundaries)
        && Arrays.equals(predictions, c.predictions) && Double.compare(a, c.a) == 0 && Double.compare(b, c.b) == 0
        && Objects.equals(priorShift, c.priorShift);
  }

  @Override
  public int hashCode() {
    return method.hashCode();
  }
}
