package io.crisislab.models.sim;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.EnumeratedRealDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TriangularDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A duration distribution in minutes, as written in a plan: fixed, exponential, lognormal, gamma,
 * triangular or empirical (a list of observed durations, each equally likely).
 *
 * <p>Invariant: parameters are validated when parsed (non-negative durations, positive scales,
 * min &lt;= mode &lt;= max), so {@link #bind} never fails. {@code scale} multiplies every sample
 * (1 in a plan; 0.75 / 1.25 in the sensitivity table).
 *
 * @param kind distribution family
 * @param params family parameters in minutes: fixed {value}; exponential {mean}; lognormal {mu, sigma}
 *     of the log (from median and p90 in the file); gamma {shape, scaleMinutes}; triangular {min, mode, max};
 *     empirical: the observed values
 * @param scale multiplier applied to samples
 */
public record Dist(Kind kind, double[] params, double scale) implements Serializable {
  /** Distribution families a plan may use. */
  public enum Kind { FIXED, EXPONENTIAL, LOGNORMAL, GAMMA, TRIANGULAR, EMPIRICAL }

  /** z of the standard normal at 0.9 (turns a lognormal's median and p90 into sigma). */
  static final double Z90 = 1.2815515655446004;

  public Dist {
    params = params.clone();
  }

  public static Dist fixed(double minutes) {
    return new Dist(Kind.FIXED, new double[] {minutes}, 1);
  }

  public static Dist exponential(double meanMinutes) {
    return new Dist(Kind.EXPONENTIAL, new double[] {meanMinutes}, 1);
  }

  /** This distribution with every sample multiplied by {@code factor}. */
  public Dist scaled(double factor) {
    return new Dist(kind, params, scale * factor);
  }

  /** The mean in minutes (after scaling). */
  public double meanMinutes() {
    double p0 = params[0];
    double m = switch (kind) {
      case FIXED, EXPONENTIAL -> p0;
      case LOGNORMAL -> Math.exp(p0 + params[1] * params[1] / 2);
      case GAMMA -> p0 * params[1];
      case TRIANGULAR -> (params[0] + params[1] + params[2]) / 3;
      case EMPIRICAL -> Arrays.stream(params).average().orElse(0);
    };
    return m * scale;
  }

  /** A one-line description for reports ("lognormal median 20 min, p90 60 min"). */
  public String describe() {
    String s = switch (kind) {
      case FIXED -> fmt(params[0]) + " min";
      case EXPONENTIAL -> "exponential, mean " + fmt(params[0]) + " min";
      case LOGNORMAL -> "lognormal, median " + fmt(Math.exp(params[0])) + " min, p90 "
          + fmt(Math.exp(params[0] + Z90 * params[1])) + " min";
      case GAMMA -> "gamma, shape " + fmt(params[0]) + ", mean " + fmt(params[0] * params[1]) + " min";
      case TRIANGULAR -> "triangular " + fmt(params[0]) + "/" + fmt(params[1]) + "/" + fmt(params[2]) + " min";
      case EMPIRICAL -> "empirical, " + params.length + " observations, mean " + fmt(meanMinutes() / scale) + " min";
    };
    return scale == 1 ? s : s + " ×" + fmt(scale);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }

  /** A sampler drawing from this distribution with the given generator (never a default one). */
  public Sampler bind(RandomGenerator rng) {
    final double f = scale;
    switch (kind) {
      case FIXED: {
        double v = params[0] * f;
        return () -> v;
      }
      case EXPONENTIAL:
        if (params[0] == 0) {
          return () -> 0;
        }
        return scaledOf(new ExponentialDistribution(rng, params[0]), f);
      case LOGNORMAL:
        return scaledOf(new LogNormalDistribution(rng, params[0], params[1]), f);
      case GAMMA:
        return scaledOf(new GammaDistribution(rng, params[0], params[1]), f);
      case TRIANGULAR:
        if (params[0] == params[2]) {
          double v = params[0] * f;
          return () -> v;
        }
        return scaledOf(new TriangularDistribution(rng, params[0], params[1], params[2]), f);
      case EMPIRICAL:
      default: {
        double[] probs = new double[params.length];
        Arrays.fill(probs, 1.0 / params.length);
        return scaledOf(new EnumeratedRealDistribution(rng, params, probs), f);
      }
    }
  }

  private static Sampler scaledOf(RealDistribution d, double f) {
    return f == 1 ? d::sample : () -> d.sample() * f;
  }

  /** Draws one duration in minutes. */
  @FunctionalInterface
  public interface Sampler {
    double sample();
  }

  /**
   * Parses a duration: a bare number (fixed minutes) or a one-key map naming the family.
   * Errors name the line and key.
   */
  static Dist parse(YamlNode n) {
    if (n.isScalar()) {
      return fixed(n.nonNegative());
    }
    List<String> keys = n.keys();
    if (keys.size() != 1) {
      throw n.error("a duration names exactly one distribution (fixed, exponential, lognormal, gamma, "
          + "triangular, empirical), got " + keys);
    }
    String k = keys.get(0);
    YamlNode p = n.get(k);
    switch (k) {
      case "fixed":
        return fixed(p.nonNegative());
      case "exponential":
        return exponential(p.isScalar() ? p.nonNegative() : done(p, p.get("mean").nonNegative()));
      case "lognormal": {
        double median = p.get("median").positive();
        double mu = Math.log(median);
        double sigma;
        if (p.has("p90") && p.has("sigma")) {
          throw p.error("give either p90 or sigma, not both");
        } else if (p.has("sigma")) {
          sigma = p.get("sigma").positive();
        } else {
          YamlNode p90n = p.get("p90");
          double p90 = p90n.positive();
          if (p90 <= median) {
            throw p90n.error("p90 must be greater than the median (" + median + "), got " + p90);
          }
          sigma = Math.log(p90 / median) / Z90;
        }
        p.rejectUnknown();
        return new Dist(Kind.LOGNORMAL, new double[] {mu, sigma}, 1);
      }
      case "gamma": {
        double shape = p.get("shape").positive();
        double mean = p.get("mean").positive();
        p.rejectUnknown();
        return new Dist(Kind.GAMMA, new double[] {shape, mean / shape}, 1);
      }
      case "triangular": {
        double min = p.get("min").nonNegative();
        double mode = p.get("mode").nonNegative();
        YamlNode maxN = p.get("max");
        double max = maxN.nonNegative();
        p.rejectUnknown();
        if (!(min <= mode && mode <= max)) {
          throw maxN.error("triangular needs min <= mode <= max, got " + min + "/" + mode + "/" + max);
        }
        return new Dist(Kind.TRIANGULAR, new double[] {min, mode, max}, 1);
      }
      case "empirical": {
        List<YamlNode> vals = p.list();
        if (vals.isEmpty()) {
          throw p.error("empirical needs at least one observed duration");
        }
        double[] v = new double[vals.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = vals.get(i).nonNegative();
        }
        return new Dist(Kind.EMPIRICAL, v, 1);
      }
      default:
        throw n.error("unknown distribution '" + k + "' (expected fixed, exponential, lognormal, gamma, "
            + "triangular or empirical)");
    }
  }

  private static double done(YamlNode p, double v) {
    p.rejectUnknown();
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dist d && d.kind == kind && Arrays.equals(d.params, params) && d.scale == scale;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(params) + Double.hashCode(scale);
  }
}
