package io.crisislab.models.detect;

/**
 * Turns scores into alerts: a bucket <em>exceeds</em> when its score is at least
 * {@code threshold} (NaN never exceeds); it <em>fires</em> when at least {@code persistenceK} of
 * the last {@code persistenceN} buckets (itself included) exceed; it <em>alerts</em> when it fires
 * and none of the previous {@code cooldownBuckets} buckets fired.
 *
 * <p>So the cool-down runs from the end of an excursion, not from its alert: one alert per
 * excursion (firing buckets less than a cool-down apart), however long it lasts. A story that keeps
 * the count high for days is one incident, already known; measured from the alert, the cool-down
 * re-alerted on it every time it expired (issue 16e: 11 of the 37 false-alarm runs of the NAB
 * Twitter folds, docs/tune.md). Alerts are a subset of those of the from-the-alert cool-down.
 *
 * <p>With no cool-down every firing bucket alerts, so raising the threshold never adds an alert.
 * With a cool-down, raising it can split one excursion into two (the bucket between them no longer
 * fires), so the count of alerts is not monotone in the threshold; it is at most the number of
 * firing runs.
 *
 * @param threshold score threshold
 * @param persistenceK exceeding buckets needed, 1..persistenceN
 * @param persistenceN buckets looked at, ≥ 1
 * @param cooldownBuckets buckets without firing needed before a new alert, ≥ 0
 */
public record AlertPolicy(double threshold, int persistenceK, int persistenceN, int cooldownBuckets) {
  public AlertPolicy {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number");
    }
    if (persistenceN < 1 || persistenceK < 1 || persistenceK > persistenceN) {
      throw new IllegalArgumentException("persistence must satisfy 1 <= k <= n, got k=" + persistenceK + " n=" + persistenceN);
    }
    if (persistenceN > 10_000) {
      throw new IllegalArgumentException("persistence n must be <= 10000, got " + persistenceN);
    }
    if (cooldownBuckets < 0) {
      throw new IllegalArgumentException("cooldown must be >= 0 buckets, got " + cooldownBuckets);
    }
  }

  /** Plain threshold: no persistence, no cool-down. */
  public static AlertPolicy threshold(double threshold) {
    return new AlertPolicy(threshold, 1, 1, 0);
  }

  /** The same policy at another threshold. */
  public AlertPolicy withThreshold(double t) {
    return new AlertPolicy(t, persistenceK, persistenceN, cooldownBuckets);
  }

  /** Alerts for a whole score series (same result as feeding {@link #state()} bucket by bucket). */
  public boolean[] apply(double[] scores) {
    State s = state();
    boolean[] out = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = s.step(scores[i]);
    }
    return out;
  }

  /** A fresh streaming state. */
  public State state() {
    return new State(this);
  }

  /** Streaming state of the policy: O(n) memory. */
  public static final class State {
    private final AlertPolicy p;
    private final boolean[] ring;
    private int pos;
    private int exceeding;
    /** Buckets since the last firing bucket. */
    private long sinceFire = Long.MAX_VALUE / 2;

    State(AlertPolicy p) {
      this.p = p;
      this.ring = new boolean[p.persistenceN];
    }

    /** Consumes one score; returns whether this bucket alerts. */
    public boolean step(double score) {
      boolean ex = score >= p.threshold;
      if (ring[pos]) {
        exceeding--;
      }
      ring[pos] = ex;
      if (ex) {
        exceeding++;
      }
      pos = (pos + 1) % ring.length;
      sinceFire++;
      boolean fire = exceeding >= p.persistenceK;
      if (!fire) {
        return false;
      }
      boolean alert = sinceFire > p.cooldownBuckets;
      sinceFire = 0;
      return alert;
    }
  }
}
