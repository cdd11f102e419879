package io.crisislab.models.run;

import java.nio.charset.StandardCharsets;

/**
 * Per-purpose seeds from a run's master seed: {@code derive(master, "split")}, {@code derive(master,
 * "folds")}, ... The one way CrisisLab derives a seed, so two purposes never share a stream by
 * accident and a purpose's seed does not depend on which other purposes a job uses. Stable across
 * JVMs and versions (no {@link String#hashCode()}): SplitMix64's finaliser folded over the purpose's
 * UTF-8 bytes.
 */
public final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The seed for {@code purpose} (a short lower-case name such as {@code split}) under {@code master}. */
  public static long derive(long master, String purpose) {
    if (purpose == null || purpose.isEmpty()) {
      throw new IllegalArgumentException("a seed purpose needs a name");
    }
    long h = mix(master + GOLDEN);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ ((b & 0xffL) + GOLDEN));
    }
    return mix(h ^ purpose.length());
  }

  /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective avalanche on 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
