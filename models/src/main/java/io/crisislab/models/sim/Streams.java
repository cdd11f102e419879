package io.crisislab.models.sim;

import java.nio.charset.StandardCharsets;
import org.apache.commons.math3.random.BitsStreamGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Random streams of a simulation: one stream per source of randomness (a step's durations, a role's
 * acknowledge times, the arrivals, ...), one substream per replication.
 *
 * <p>The seed of substream (source, replication) is a hash of (master seed, source name, replication
 * index), so replication i can be re-run alone, replications can run in any order on any partition,
 * and two plans that share a source name (e.g. the step {@code draft_holding}) draw the same numbers
 * for it: common random numbers for paired comparisons.
 */
public final class Streams {
  private Streams() {}

  /** The stable 64-bit id of a source name (FNV-1a, then mixed). */
  public static long sourceId(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The seed of the substream for {@code source} in {@code replication}. */
  public static long seed(long masterSeed, long sourceId, long replication) {
    return mix(mix(masterSeed ^ 0x9E3779B97F4A7C15L) ^ mix(sourceId + 0x632BE59BD9B4E019L * (replication + 1)));
  }

  /** A generator for {@code source} in {@code replication}. */
  public static RandomGenerator of(long masterSeed, String source, long replication) {
    return new SplitMix(seed(masterSeed, sourceId(source), replication));
  }

  /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective avalanche on 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * SplitMix64 as a Commons Math generator: tiny state, so a fresh one per (source, replication) is
   * cheap, unlike Mersenne Twister's 2.5 KB seeding. Period 2^64 per substream, far above what one
   * replication draws.
   */
  public static final class SplitMix extends BitsStreamGenerator {
    private static final long serialVersionUID = 1L;
    private long state;

    public SplitMix(long seed) {
      this.state = seed;
    }

    @Override
    public void setSeed(int seed) {
      state = seed;
      clear();
    }

    @Override
    public void setSeed(int[] seed) {
      long s = 0;
      for (int v : seed) {
        s = mix(s * 31 + v);
      }
      state = s;
      clear();
    }

    @Override
    public void setSeed(long seed) {
      state = seed;
      clear();
    }

    @Override
    public long nextLong() {
      state += 0x9E3779B97F4A7C15L;
      return mix(state);
    }

    @Override
    public double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    protected int next(int bits) {
      return (int) (nextLong() >>> (64 - bits));
    }
  }

  /** For callers that only need a generator for numerics that draw nothing (e.g. inverse CDFs). */
  static RandomGenerator fixed() {
    return new SplitMix(0);
  }
}
