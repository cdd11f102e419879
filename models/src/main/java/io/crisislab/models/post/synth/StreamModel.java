package io.crisislab.models.post.synth;

import io.crisislab.models.post.AuthorKeys;
import io.crisislab.models.post.Label;
import io.crisislab.models.post.Post;
import io.crisislab.models.post.SeriesIds;
import io.crisislab.models.series.Timestamps;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The synthetic social stream behind {@code crisislab generate}: brands, channels, seasonal
 * volumes with over-dispersion, planted incidents, labels and reasons, and post text. Spark-free;
 * the job only spreads {@link #generateDay} over tasks.
 *
 * <p>Volume of one (brand, channel) series in a bucket of {@code bucketMinutes} starting at t:
 * <pre>
 *   mean(t)  = postsPerDay * brands * brandShare * channelShare * bucketMinutes/1440
 *              * diurnal(local hour) * weekly(local weekday) * incidentMultiplier(t)
 *   count(t) ~ Poisson(mean(t) * G),  G ~ Gamma(shape = dispersion, scale = 1/dispersion)
 * </pre>
 * i.e. negative binomial with variance {@code mean + mean^2/dispersion}. {@code diurnal} and
 * {@code weekly} average 1 (so {@code postsPerDay} is the expected posts per day of an average brand
 * before incidents, and {@code brands * postsPerDay} the expected daily total);
 * the diurnal curve peaks early afternoon and evening local time and bottoms out around 4 am; weekends
 * carry 10% less than weekdays. Brand shares fall off like {@code 1/(rank+1)^0.8}.
 *
 * <p>Labels: a background post is negative with the brand's base negativity (0.15–0.35), else
 * neutral (55%) or positive (45%); negative background posts carry an airline-like reason drawn
 * with the Twitter US Airline Sentiment frequencies. Extra posts of an incident follow
 * {@link Incident}. Text: {@link SyntheticText}.
 *
 * <p>Reproducibility: every random draw comes from generators seeded from the master seed and the
 * (brand, day) unit, so the output does not depend on how units are spread over tasks.
 */
public final class StreamModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Channels of every brand, with their share of a brand's volume and their platform. */
  public static final List<String> CHANNELS = List.of("mention", "reply", "comment", "review");
  private static final double[] CHANNEL_SHARE = {0.5, 0.2, 0.2, 0.1};
  private static final String[] PLATFORM = {"twitter", "twitter", "facebook", "appstore"};

  private static final String[][] BRAND_NAMES = {{"Acme Air", "AcmeAir"}, {"Northwind Airways", "NorthwindAir"},
      {"Bluebird Jet", "BluebirdJet"}, {"Coastal Airlines", "CoastalAir"}, {"Summit Air", "SummitAir"},
      {"Pioneer Airways", "PioneerAir"}, {"Aurora Airlines", "AuroraAir"}, {"Redwood Air", "RedwoodAir"},
      {"Cardinal Airlines", "CardinalAir"}, {"Meridian Air", "MeridianAir"}, {"Lakeside Jet", "LakesideJet"},
      {"Falcon Airways", "FalconAir"}, {"Orbit Air", "OrbitAir"}, {"Sunline", "Sunline"},
      {"Harbor Air", "HarborAir"}, {"Granite Airlines", "GraniteAir"}};

  /** Background negative reasons and weights (Twitter US Airline Sentiment's reason counts). */
  private static final String[] REASONS = {"Customer Service Issue", "Late Flight", "Can't Tell",
      "Cancelled Flight", "Lost Luggage", "Bad Flight", "Flight Booking Problems", "Flight Attendant Complaints",
      "longlines", "Damaged Luggage"};
  private static final double[] REASON_WEIGHTS = {2910, 1665, 1190, 847, 724, 580, 529, 481, 178, 74};

  /** Incident types and the negative reason their posts carry. */
  private static final String[][] INCIDENT_TYPES = {{"it_outage", "App/Website Outage"},
      {"mass_cancellations", "Mass Cancellations"}, {"passenger_mistreatment", "Passenger Mistreatment"},
      {"data_breach", "Data Breach"}, {"safety_incident", "Safety Incident"}, {"fee_increase", "Fee Increase"}};

  private static final double[] WEEKLY = {1.05, 1.05, 1.05, 1.05, 1.0, 0.9, 0.9}; // Monday first; mean 1

  /**
   * One brand of the stream.
   *
   * @param slug brand slug (partition value, series-id prefix)
   * @param name display name
   * @param handle social handle without {@code @}
   * @param share share of total volume (shares sum to 1)
   * @param baseNegative background probability that a post is negative
   * @param utcOffsetHours local time of the brand's audience, hours from UTC (drives seasonality)
   */
  public record Brand(String slug, String name, String handle, double share, double baseNegative,
      int utcOffsetHours) implements Serializable {}

  /**
   * What to generate.
   *
   * @param brands number of brands (≥ 1)
   * @param days number of days (≥ 1)
   * @param postsPerDay expected posts per day of an average brand (all channels), before incidents (&gt; 0)
   * @param start first UTC day
   * @param incidents number of incidents to plant (≥ 0); fewer are planted only when brands have no
   *     room left (incidents of one brand never overlap)
   * @param dispersion negative-binomial shape (&gt; 0; larger = closer to Poisson)
   * @param labelNoise probability that a text is written for another label ({@link SyntheticText})
   * @param authorSalt salt of author keys
   * @param bucketMinutes width of the volume buckets in minutes (divides 1440)
   */
  public record Settings(int brands, int days, double postsPerDay, LocalDate start, int incidents,
      double dispersion, double labelNoise, String authorSalt, int bucketMinutes) implements Serializable {
    public Settings {
      if (brands < 1 || days < 1 || !(postsPerDay > 0) || incidents < 0 || !(dispersion > 0)
          || bucketMinutes < 1 || 1440 % bucketMinutes != 0) {
        throw new IllegalArgumentException("invalid stream settings: " + brands + " brands, " + days + " days, "
            + postsPerDay + " posts/day, " + incidents + " incidents, dispersion " + dispersion + ", bucket "
            + bucketMinutes + " min");
      }
    }
  }

  private final Settings settings;
  private final long seed;
  private final List<Brand> brands;
  private final List<Incident> incidents;
  private final int authorPool;

  private StreamModel(Settings settings, long seed, List<Brand> brands, List<Incident> incidents) {
    this.settings = settings;
    this.seed = seed;
    this.brands = brands;
    this.incidents = incidents;
    this.authorPool = (int) Math.max(1000, Math.min(50_000_000, settings.postsPerDay() * settings.brands() * settings.days() / 4));
  }

  /** Plans brands and incidents for {@code settings} from {@code seed}. */
  public static StreamModel plan(Settings s, long seed) {
    RandomGenerator rng = new Well19937c(mix(seed, 0x5eed_b4a2L));
    double[] w = new double[s.brands()];
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = 1 / Math.pow(i + 1, 0.8);
      total += w[i];
    }
    List<Brand> brands = new ArrayList<>();
    for (int i = 0; i < s.brands(); i++) {
      String name;
      String handle;
      if (i < BRAND_NAMES.length) {
        name = BRAND_NAMES[i][0];
        handle = BRAND_NAMES[i][1];
      } else {
        name = "Brand " + (i + 1);
        handle = "Brand" + (i + 1);
      }
      brands.add(new Brand(Post.slug(name), name, handle, w[i] / total, 0.15 + 0.2 * rng.nextDouble(),
          -8 + rng.nextInt(4)));
    }
    return new StreamModel(s, seed, List.copyOf(brands), planIncidents(s, brands, rng));
  }

  private static List<Incident> planIncidents(Settings s, List<Brand> brands, RandomGenerator rng) {
    Instant start = s.start().atStartOfDay(ZoneOffset.UTC).toInstant();
    double spanMinutes = s.days() * 1440.0;
    // leave two days of history before the first onset when the span allows it, and half a day at the end
    double lo = s.days() >= 4 ? 2 * 1440 : spanMinutes * 0.25;
    double hi = spanMinutes - Math.min(720, spanMinutes * 0.2);
    List<Incident> out = new ArrayList<>();
    int[] order = new int[brands.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int k = 0; k < s.incidents(); k++) {
      Brand b = brands.get(order[k % order.length]);
      String[] type = INCIDENT_TYPES[rng.nextInt(INCIDENT_TYPES.length)];
      double ramp = 20 + 160 * rng.nextDouble();
      double plateau = 30 + 210 * rng.nextDouble();
      double halfLife = 60 + 300 * rng.nextDouble();
      double peak = Math.exp(Math.log(4) + (Math.log(20) - Math.log(4)) * rng.nextDouble());
      Map<String, Double> weights = new TreeMap<>();
      weights.put(CHANNELS.get(0), 1.0);
      for (int c = 1; c < CHANNELS.size(); c++) {
        if (rng.nextDouble() < 0.6) {
          weights.put(CHANNELS.get(c), 0.3 + 0.7 * rng.nextDouble());
        }
      }
      double negShare = 0.75 + 0.17 * rng.nextDouble();
      double reasonShare = 0.6 + 0.3 * rng.nextDouble();
      Incident placed = null;
      for (int attempt = 0; attempt < 50 && placed == null; attempt++) {
        double m = lo + (hi - lo) * rng.nextDouble();
        Instant onset = start.plus(Duration.ofSeconds(Math.round(m * 60)));
        Incident cand = new Incident("inc-" + (k + 1), b.slug(), type[0], type[1], onset, ramp, plateau, halfLife,
            peak, weights, negShare, reasonShare);
        boolean clash = false;
        for (Incident o : out) {
          if (o.brand().equals(b.slug()) && cand.onset().isBefore(o.end().plus(Duration.ofHours(24)))
              && o.onset().isBefore(cand.end().plus(Duration.ofHours(24)))) {
            clash = true;
            break;
          }
        }
        if (!clash) {
          placed = cand;
        }
      }
      if (placed != null) {
        out.add(placed);
      }
    }
    out.sort(Comparator.comparing(Incident::onset).thenComparing(Incident::id));
    return List.copyOf(out);
  }

  public Settings settings() {
    return settings;
  }

  public List<Brand> brands() {
    return brands;
  }

  public List<Incident> incidents() {
    return incidents;
  }

  /** All series ids {@code brand/channel}, brands in rank order. */
  public List<String> seriesIds() {
    List<String> ids = new ArrayList<>();
    for (Brand b : brands) {
      for (String c : CHANNELS) {
        ids.add(SeriesIds.of(b.slug(), c));
      }
    }
    return ids;
  }

  /**
   * Ground-truth windows in NAB's layout: series id → list of {@code [start, end]} as
   * {@code yyyy-MM-dd HH:mm:ss.ffffff} UTC, sorted; every series is present (empty list when
   * untouched).
   */
  public Map<String, List<List<String>>> windows() {
    Map<String, List<List<String>>> m = new LinkedHashMap<>();
    for (String id : seriesIds()) {
      m.put(id, new ArrayList<>());
    }
    for (Incident inc : incidents) {
      for (String c : inc.channels()) {
        m.get(SeriesIds.of(inc.brand(), c)).add(List.of(Timestamps.nab(inc.onset()), Timestamps.nab(inc.end())));
      }
    }
    return m;
  }

  /** Seasonal factor (mean 1 over a week) for a brand at {@code t}. */
  public static double seasonal(Brand b, Instant t) {
    var local = t.atOffset(ZoneOffset.ofHours(b.utcOffsetHours()));
    double h = local.getHour() + local.getMinute() / 60.0;
    double diurnal = 1 + 0.55 * Math.cos(2 * Math.PI * (h - 14) / 24) + 0.15 * Math.cos(4 * Math.PI * (h - 20) / 24);
    return diurnal * WEEKLY[local.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()];
  }

  /** Expected posts of (brand, channel) in the bucket starting at {@code t}, before noise. */
  public double expected(int brand, int channel, Instant t) {
    Brand b = brands.get(brand);
    double base = settings.postsPerDay() * brands.size() * b.share() * CHANNEL_SHARE[channel] * settings.bucketMinutes() / 1440.0;
    Instant mid = t.plusSeconds(settings.bucketMinutes() * 30L);
    return base * seasonal(b, mid) * incidentMultiplier(b.slug(), CHANNELS.get(channel), mid);
  }

  private double incidentMultiplier(String brand, String channel, Instant t) {
    double m = 1;
    for (Incident inc : incidents) {
      if (inc.brand().equals(brand)) {
        m += inc.multiplier(channel, t) - 1;
      }
    }
    return m;
  }

  /** Number of (brand, day) units: brands × days. */
  public int units() {
    return brands.size() * settings.days();
  }

  /**
   * Generates every post of unit {@code unit} (brand {@code unit / days}, day {@code unit % days}),
   * in order of channel, bucket and sequence number.
   */
  public void generateUnit(int unit, Consumer<Post> out) {
    int brandIdx = unit / settings.days();
    int day = unit % settings.days();
    Brand b = brands.get(brandIdx);
    RandomGenerator rng = new Well19937c(mix(seed, 0x7a5c_0000L + ((long) brandIdx << 24) + day));
    RandomDataGenerator rd = new RandomDataGenerator(rng);
    SyntheticText text = new SyntheticText(settings.labelNoise());
    List<Incident> mine = incidents.stream().filter(i -> i.brand().equals(b.slug())).toList();
    Instant dayStart = settings.start().plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    int buckets = 1440 / settings.bucketMinutes();
    long bucketMillis = settings.bucketMinutes() * 60_000L;
    String source = "generate:seed=" + seed;
    for (int c = 0; c < CHANNELS.size(); c++) {
      String channel = CHANNELS.get(c);
      for (int k = 0; k < buckets; k++) {
        Instant t = dayStart.plusMillis(k * bucketMillis);
        double mean = expected(brandIdx, c, t);
        double noisy = mean * rd.nextGamma(settings.dispersion(), 1 / settings.dispersion());
        long n = noisy < 1e-9 ? 0 : rd.nextPoisson(noisy);
        Instant mid = t.plusMillis(bucketMillis / 2);
        Incident top = null;
        double topExcess = 0;
        double totalMult = 1;
        for (Incident inc : mine) {
          double ex = inc.multiplier(channel, mid) - 1;
          totalMult += ex;
          if (ex > topExcess) {
            topExcess = ex;
            top = inc;
          }
        }
        double pExcess = top == null ? 0 : topExcess / totalMult;
        for (long i = 0; i < n; i++) {
          Instant at = t.plusMillis((long) (rng.nextDouble() * bucketMillis));
          Label label;
          String reason = null;
          boolean excess = rng.nextDouble() < pExcess;
          if (excess) {
            if (rng.nextDouble() < top.excessNegativeShare()) {
              label = Label.NEGATIVE;
              reason = rng.nextDouble() < top.reasonShare() ? top.reason() : backgroundReason(rng);
            } else {
              label = rng.nextDouble() < 0.7 ? Label.NEUTRAL : Label.POSITIVE;
            }
          } else {
            double u = rng.nextDouble();
            if (u < b.baseNegative()) {
              label = Label.NEGATIVE;
              reason = backgroundReason(rng);
            } else {
              label = rng.nextDouble() < 0.55 ? Label.NEUTRAL : Label.POSITIVE;
            }
          }
          String body = text.write(label, reason, b.handle(), channel, rng);
          double skew = rng.nextDouble();
          String handle = "user" + (long) (authorPool * skew * skew * skew);
          long likes = (long) Math.floor(-Math.log(1 - rng.nextDouble()) * (excess ? 8 : 1.5));
          long shares = (long) Math.floor(-Math.log(1 - rng.nextDouble()) * (excess ? 3 : 0.4));
          long replies = (long) Math.floor(-Math.log(1 - rng.nextDouble()) * 0.6);
          String replyTo = channel.equals("reply") ? b.slug() + "-official-" + day + "-" + (k / 8) : null;
          String id = b.slug() + "-" + day + "-" + channel + "-" + k + "-" + i;
          out.accept(new Post(id, PLATFORM[c], channel, b.slug(), at, AuthorKeys.key(settings.authorSalt(), handle),
              body, "en", replyTo, likes, shares, replies, label, null, reason, source));
        }
      }
    }
  }

  private static String backgroundReason(RandomGenerator rng) {
    double total = 0;
    for (double w : REASON_WEIGHTS) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < REASONS.length; i++) {
      u -= REASON_WEIGHTS[i];
      if (u < 0) {
        return REASONS[i];
      }
    }
    return REASONS[REASONS.length - 1];
  }

  /** SplitMix64 finaliser of {@code a + b}: derives independent seeds from the master seed. */
  public static long mix(long a, long b) {
    long z = a + 0x9E3779B97F4A7C15L * (b + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
