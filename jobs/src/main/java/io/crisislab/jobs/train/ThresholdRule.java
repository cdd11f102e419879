package io.crisislab.jobs.train;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.stats.Evaluation;
import java.util.Arrays;

/**
 * How the operating threshold on the calibrated p_negative is chosen, on held-out predictions
 * (never the test set): a target precision (the lowest threshold reaching it, i.e. the most
 * recall at that precision), a target recall (the highest threshold still reaching it), the
 * cheapest expected cost {@code costFn * FN + costFp * FP}, or a fixed value.
 */
public record ThresholdRule(String kind, double value, double costFn, double costFp) {
  public static ThresholdRule of(Double targetPrecision, Double targetRecall, Double costFn, Double costFp,
      double fixed) {
    int given = (targetPrecision != null ? 1 : 0) + (targetRecall != null ? 1 : 0) + (costFn != null || costFp != null ? 1 : 0);
    if (given > 1) {
      throw new UsageException("give only one of --target-precision, --target-recall, --cost-fn/--cost-fp");
    }
    if (targetPrecision != null) {
      check("--target-precision", targetPrecision);
      return new ThresholdRule("target-precision", targetPrecision, 0, 0);
    }
    if (targetRecall != null) {
      check("--target-recall", targetRecall);
      return new ThresholdRule("target-recall", targetRecall, 0, 0);
    }
    if (costFn != null || costFp != null) {
      if (costFn == null || costFp == null || costFn < 0 || costFp < 0 || costFn + costFp == 0) {
        throw new UsageException("--cost-fn and --cost-fp go together, are >= 0 and not both 0");
      }
      return new ThresholdRule("cost", Double.NaN, costFn, costFp);
    }
    check("--threshold", fixed);
    return new ThresholdRule("fixed", fixed, 0, 0);
  }

  private static void check(String flag, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new UsageException(flag + " must be in (0, 1], got " + v);
    }
  }

  /** Chooses the threshold from held-out calibrated probabilities {@code p} and truths {@code y}. */
  public double choose(double[] p, boolean[] y) {
    if (kind.equals("fixed")) {
      return value;
    }
    double[] cands = Arrays.stream(p).distinct().sorted().toArray();
    double best = Double.NaN;
    double bestCost = Double.POSITIVE_INFINITY;
    for (double t : cands) {
      Evaluation.PrecisionRecall pr = Evaluation.at(p, y, t);
      switch (kind) {
        case "target-precision" -> {
          if (pr.precision() >= value && Double.isNaN(best)) {
            best = t; // lowest threshold reaching the precision: most recall
          }
        }
        case "target-recall" -> {
          if (pr.recall() >= value) {
            best = t; // keeps the highest threshold still reaching the recall
          }
        }
        default -> {
          long pos = 0;
          for (boolean b : y) {
            pos += b ? 1 : 0;
          }
          double tp = pr.recall() * pos;
          double fn = pos - tp;
          double fp = pr.flagged() - tp;
          double cost = costFn * fn + costFp * fp;
          if (cost < bestCost) {
            bestCost = cost;
            best = t;
          }
        }
      }
    }
    if (Double.isNaN(best)) {
      // the target cannot be met on held-out data: flag everything above the highest score seen
      best = kind.equals("target-precision") ? 1.0 : cands.length == 0 ? 0.5 : cands[0];
    }
    return best;
  }

  /** Short description for the model card, e.g. {@code target precision 0.90}. */
  public String describe() {
    return switch (kind) {
      case "target-precision" -> "target precision " + value;
      case "target-recall" -> "target recall " + value;
      case "cost" -> "min cost (FN " + costFn + ", FP " + costFp + ")";
      default -> "fixed " + value;
    };
  }
}
