package io.crisislab.models.detect;

/**
 * Turns scores into alerts: a bucket <em>exceeds</em> when its score is at least
 * {@code threshold} (NaN never exceeds); it <em>fires</em> when at least {@code persistenceK} of
 * the last {@code persistenceN} buckets (itself included) exceed; it <em>alerts</em> when it fires
 * and more than {@code cooldownBuckets} buckets have passed since the previous alert.
 *
 * <p>Monotone: raising the threshold shrinks the set of firing buckets, and the cool-down keeps
 * the earliest firing bucket of each run, which gives the largest possible number of alerts at
 * least {@code cooldown + 1} apart; so a higher threshold never gives more alerts (and with no
 * cool-down, never an alert that a lower threshold did not give).
 *
 * @param threshold score threshold
 * @param persistenceK exceeding buckets needed, 1..persistenceN
 * @param persistenceN buckets looked at, ≥ 1
 * @param cooldownBuckets buckets after an alert during which no new alert is raised, ≥ 0
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
    private long sinceAlert = Long.MAX_VALUE / 2;

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
      sinceAlert++;
      boolean fire = exceeding >= p.persistenceK;
      if (fire && sinceAlert > p.cooldownBuckets) {
        sinceAlert = 0;
        return true;
      }
      return false;
    }
  }
}
