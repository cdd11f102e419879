package io.crisislab.models.post.synth;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One planted incident of a synthetic stream: a surge of mostly negative posts about one brand.
 *
 * <p>Volume: the expected rate of every affected channel is multiplied by
 * {@code 1 + (peakMultiplier - 1) * channelWeight * shape(t)}, where {@code shape} rises linearly
 * from 0 at {@link #onset} to 1 after {@code rampMinutes}, stays at 1 for {@code plateauMinutes},
 * then decays exponentially with half-life {@code halfLifeMinutes}. The extra posts are negative
 * with probability {@code excessNegativeShare} (the background posts keep the brand's base
 * negativity), and a negative extra post carries {@link #reason} with probability
 * {@code reasonShare}; so the negative share of the series rises during the incident.
 *
 * <p>Ground truth window ({@code incidents.json}): {@code [onset, end]} where {@link #end()} is
 * when the excess has decayed to {@link #END_FRACTION} of its peak.
 *
 * @param id stable id, {@code inc-<n>}
 * @param brand brand slug
 * @param type incident type (e.g. {@code it_outage})
 * @param reason negative reason the incident's posts carry (e.g. {@code App/Website Outage})
 * @param onset start of the rise (UTC)
 * @param rampMinutes minutes from onset to peak
 * @param plateauMinutes minutes at peak
 * @param halfLifeMinutes half-life of the decay, minutes
 * @param peakMultiplier volume multiple at peak on the primary channel (&gt; 1)
 * @param channelWeights affected channel → weight in (0, 1] of the excess (primary channel 1)
 * @param excessNegativeShare probability an extra post is negative
 * @param reasonShare probability a negative extra post carries the incident reason
 */
public record Incident(String id, String brand, String type, String reason, Instant onset, double rampMinutes,
    double plateauMinutes, double halfLifeMinutes, double peakMultiplier, Map<String, Double> channelWeights,
    double excessNegativeShare, double reasonShare) implements Serializable {

  /** The window ends when the excess has decayed to this fraction of its peak. */
  public static final double END_FRACTION = 0.05;

  /** Excess shape in [0, 1] at {@code t}. */
  public double shape(Instant t) {
    double m = (t.toEpochMilli() - onset.toEpochMilli()) / 60_000.0;
    if (m < 0) {
      return 0;
    }
    if (m < rampMinutes) {
      return m / rampMinutes;
    }
    m -= rampMinutes;
    if (m < plateauMinutes) {
      return 1;
    }
    m -= plateauMinutes;
    return Math.pow(0.5, m / halfLifeMinutes);
  }

  /** Volume multiplier of {@code channel} at {@code t} (1 when not affected). */
  public double multiplier(String channel, Instant t) {
    Double w = channelWeights.get(channel);
    if (w == null) {
      return 1;
    }
    return 1 + (peakMultiplier - 1) * w * shape(t);
  }

  /** End of the ground-truth window: excess down to {@link #END_FRACTION} of peak. */
  public Instant end() {
    double decay = halfLifeMinutes * (Math.log(1 / END_FRACTION) / Math.log(2));
    long minutes = Math.round(rampMinutes + plateauMinutes + decay);
    return onset.plus(Duration.ofMinutes(minutes));
  }

  /** Affected channels, sorted. */
  public List<String> channels() {
    return channelWeights.keySet().stream().sorted().toList();
  }
}
