package io.crisislab.models.detect;

import io.crisislab.models.errors.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The detector registry: names, parameters with their defaults, and construction from a
 * {@link DetectorSpec}'s parameter map. Unknown names and parameters, out-of-range or non-integer
 * values fail fast with a {@link UsageException} naming the detector and parameter.
 *
 * <table>
 *   <caption>Detectors and parameters (buckets are the series' buckets)</caption>
 *   <tr><th>name</th><th>parameters (default)</th></tr>
 *   <tr><td>static</td><td>none: the count is the score</td></tr>
 *   <tr><td>rolling-z</td><td>window (288), minSd (1), poisson (1)</td></tr>
 *   <tr><td>ewma</td><td>alpha (0.01), minSd (1), poisson (1)</td></tr>
 *   <tr><td>seasonal-mad</td><td>slotSeconds (3600), seasonSeconds (604800), samples (48), minSamples (4), trailing (0), minSd (1), poisson (1)</td></tr>
 *   <tr><td>count-tail</td><td>slotSeconds, seasonSeconds, samples, minSamples, trailing as above; size (0 = Poisson, else negative binomial size), minRate (0.5)</td></tr>
 *   <tr><td>cusum</td><td>alpha (0.01), slack (0.5), cap (4), minSd (1), poisson (1)</td></tr>
 *   <tr><td>surge</td><td>window (288), memory (4032), rank (4), minSd (0.1), poisson (0), minRef (1)</td></tr>
 *   <tr><td>rate-cusum</td><td>span (12), halfLife (576), ratio (2), guard (4), minRate (0.1)</td></tr>
 *   <tr><td>vote</td><td>window (576), span (12), memory (4032), rank (2), k (2)</td></tr>
 *   <tr><td>dispersion-tail</td><td>span (12), halfLife (2016), guard (3), memory (0 = absolute score), rank (2), minCount (0 = fixed span), maxSpan (144)</td></tr>
 * </table>
 */
public final class Detectors {
  private Detectors() {}

  private record Entry(Map<String, Double> defaults, Function<Params, Detector> factory) {}

  private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

  private static Map<String, Double> map(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  static {
    REGISTRY.put(StaticThresholdDetector.NAME, new Entry(map(), p -> new StaticThresholdDetector()));
    REGISTRY.put(RollingZDetector.NAME, new Entry(map("window", 288, "minSd", 1, "poisson", 1),
        p -> new RollingZDetector(p.getInt("window", 288, 2, 1_000_000), p.get("minSd", 1, 0, 1e12),
            p.getInt("poisson", 1, 0, 1) == 1)));
    REGISTRY.put(EwmaDetector.NAME, new Entry(map("alpha", 0.01, "minSd", 1, "poisson", 1),
        p -> new EwmaDetector(p.get("alpha", 0.01, 1e-9, 0.999999), p.get("minSd", 1, 0, 1e12),
            p.getInt("poisson", 1, 0, 1) == 1)));
    Map<String, Double> seasonal = map("slotSeconds", 3600, "seasonSeconds", 604800, "samples", 48, "minSamples", 4,
        "trailing", 0, "minSd", 1, "poisson", 1);
    REGISTRY.put(SeasonalMadDetector.NAME, new Entry(seasonal,
        p -> new SeasonalMadDetector(p.getInt("slotSeconds", 3600, 1, 31_536_000),
            p.getInt("seasonSeconds", 604800, 1, 31_536_000), p.getInt("samples", 48, 1, 100_000),
            p.getInt("minSamples", 4, 1, 100_000), p.getInt("trailing", 0, 0, 1_000_000),
            p.get("minSd", 1, 0, 1e12), p.getInt("poisson", 1, 0, 1) == 1)));
    REGISTRY.put(CountTailDetector.NAME, new Entry(map("slotSeconds", 3600, "seasonSeconds", 604800, "samples", 48,
        "minSamples", 4, "trailing", 0, "size", 0, "minRate", 0.5),
        p -> new CountTailDetector(p.getInt("slotSeconds", 3600, 1, 31_536_000),
            p.getInt("seasonSeconds", 604800, 1, 31_536_000), p.getInt("samples", 48, 1, 100_000),
            p.getInt("minSamples", 4, 1, 100_000), p.getInt("trailing", 0, 0, 1_000_000),
            p.get("size", 0, 0, 1e12), p.get("minRate", 0.5, 1e-9, 1e12))));
    REGISTRY.put(CusumDetector.NAME, new Entry(map("alpha", 0.01, "slack", 0.5, "cap", 4, "minSd", 1, "poisson", 1),
        p -> new CusumDetector(p.get("alpha", 0.01, 1e-9, 0.999999), p.get("slack", 0.5, 0, 1e6),
            p.get("cap", 4, 1e-9, 1e6), p.get("minSd", 1, 0, 1e12), p.getInt("poisson", 1, 0, 1) == 1)));
    REGISTRY.put(SurgeDetector.NAME, new Entry(map("window", 288, "memory", 4032, "rank", 4, "minSd", 0.1,
        "poisson", 0, "minRef", 1),
        p -> new SurgeDetector(p.getInt("window", 288, 4, 1_000_000), p.getInt("memory", 4032, 1, 10_000_000),
            p.getInt("rank", 4, 1, 1_000_000), p.get("minSd", 0.1, 0, 1e12), p.getInt("poisson", 0, 0, 1) == 1,
            p.get("minRef", 1, 1e-9, 1e12))));
    REGISTRY.put(DispersionTailDetector.NAME, new Entry(map("span", 12, "halfLife", 2016, "guard", 3,
        "memory", 0, "rank", 2, "minCount", 0, "maxSpan", 144),
        p -> new DispersionTailDetector(p.getInt("span", 12, 1, 1_000_000), p.getInt("halfLife", 2016, 2, 100_000_000),
            p.get("guard", 3, 1e-6, 1e6), p.getInt("memory", 0, 0, 10_000_000), p.getInt("rank", 2, 1, 1_000_000),
            p.get("minCount", 0, 0, 1e9), Math.max(p.getInt("span", 12, 1, 1_000_000),
                p.getInt("maxSpan", 144, 1, 1_000_000)))));
    REGISTRY.put(RateCusumDetector.NAME, new Entry(map("span", 12, "halfLife", 576, "ratio", 2, "guard", 4, "minRate", 0.1),
        p -> new RateCusumDetector(p.getInt("span", 12, 1, 1_000_000), p.getInt("halfLife", 576, 2, 100_000_000), p.get("ratio", 2, 1.000001, 1e6),
            p.get("guard", 4, 1e-6, 1e6), p.get("minRate", 0.1, 1e-9, 1e12))));
    REGISTRY.put(VoteDetector.NAME, new Entry(map("window", 576, "span", 12, "memory", 4032, "rank", 2, "k", 2),
        p -> new VoteDetector(p.getInt("window", 576, 4, 1_000_000), p.getInt("span", 12, 1, 1_000_000),
            p.getInt("memory", 4032, 1, 10_000_000), p.getInt("rank", 2, 1, 1_000_000), p.getInt("k", 2, 1, 3))));
  }

  /** Registered detector names. */
  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  /** The parameters of {@code name} with their defaults. */
  public static Map<String, Double> defaults(String name) {
    return new LinkedHashMap<>(entry(name).defaults);
  }

  /** A fresh detector {@code name} with {@code params} (missing ones take their defaults). */
  public static Detector create(String name, Map<String, Double> params) {
    Entry e = entry(name);
    return e.factory.apply(new Params(name, params, e.defaults.keySet()));
  }

  private static Entry entry(String name) {
    Entry e = REGISTRY.get(name);
    if (e == null) {
      throw new UsageException("unknown detector '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
    }
    return e;
  }
}
