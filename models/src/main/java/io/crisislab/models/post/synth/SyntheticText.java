package io.crisislab.models.post.synth;

import io.crisislab.models.post.Label;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Post text for synthetic streams, from templates and a small vocabulary with sentiment cues.
 *
 * <p>Noise model (why a classifier trained on it is good but not perfect):
 * <ul>
 *   <li><b>label noise</b>: with probability {@code labelNoise} the text is written for a different,
 *       uniformly chosen label than the post's label (annotator disagreement);</li>
 *   <li><b>sarcasm</b>: 12% of negative texts use positive words ("great, another 3 hour delay");</li>
 *   <li><b>negation</b>: negative texts may negate positive words ("not happy"), positive texts
 *       negate negative ones ("no complaints", "not bad at all");</li>
 *   <li><b>mixed cues</b>: 15% of neutral texts carry a mild sentiment word, and emoji/emoticons
 *       are chosen from the wrong polarity 10% of the time;</li>
 *   <li>surface noise shared by all labels: @mentions of the brand and of other users, URLs,
 *       hashtags, numbers, upper-case shouting.</li>
 * </ul>
 * All randomness comes from the generator passed in, so texts are reproducible.
 */
public final class SyntheticText {
  private final double labelNoise;

  /** @param labelNoise probability in [0, 0.5] that the text is written for another label */
  public SyntheticText(double labelNoise) {
    if (!(labelNoise >= 0 && labelNoise <= 0.5)) {
      throw new IllegalArgumentException("labelNoise must be in [0, 0.5], got " + labelNoise);
    }
    this.labelNoise = labelNoise;
  }

  private static final String[] POS_OPEN = {"thank you", "thanks", "huge thanks", "shoutout to", "big love to",
      "kudos to", "so impressed with", "really happy with", "loving", "can't fault"};
  private static final String[] POS_THING = {"the crew", "the staff", "the upgrade", "the quick reply",
      "the smooth boarding", "the friendly agent", "the new app", "the legroom", "the on-time arrival",
      "the refund", "the lounge", "the help today", "the snacks", "the wifi"};
  private static final String[] POS_ADJ = {"amazing", "great", "awesome", "excellent", "fantastic", "perfect",
      "wonderful", "smooth", "lovely", "brilliant", "best"};
  private static final String[] POS_TAIL = {"you made my day", "will fly again", "keep it up",
      "best experience in years", "10/10", "exactly what I needed", "well done team", "you rock"};
  private static final String[] NEG_ADJ = {"terrible", "awful", "horrible", "worst", "ridiculous", "unacceptable",
      "pathetic", "useless", "disgusting", "frustrating", "a joke"};
  private static final String[] NEG_TAIL = {"never again", "so done with you", "do better", "absolutely fuming",
      "want my money back", "what a mess", "thanks for nothing", "shame on you"};
  private static final String[] NEUTRAL = {"does anyone know if {b} allows pets in the cabin",
      "what time does check-in open for the morning flight", "flying {b} to {city} tomorrow",
      "is the {city} lounge open on sundays", "how do I add a bag to my booking", "just landed in {city}",
      "heading to {city} with {b} next week", "can I change my seat online", "boarding now",
      "{b} any news on the new routes to {city}", "what's the baggage allowance on {b}",
      "at the gate in {city}", "do you have a direct flight to {city}", "checking in for flight {n}"};
  private static final String[] MILD = {"nice", "ok", "slow", "fine", "meh", "cool"};
  private static final String[] CITIES = {"Boston", "Denver", "Chicago", "Austin", "Seattle", "Miami", "Newark",
      "Dallas", "Atlanta", "Phoenix", "Portland", "Houston"};
  private static final String[] POS_EMO = {":)", ":-)", ":D", "\uD83D\uDE0A", "\u2764\uFE0F", "\uD83D\uDC4D", "\uD83D\uDE4C", "<3"};
  private static final String[] NEG_EMO = {":(", ":-(", "\uD83D\uDE21", "\uD83D\uDE24", "\uD83D\uDC4E", "\uD83D\uDE2D", ">:(", "\uD83E\uDD2C"};
  private static final String[] HASHTAGS = {"#travel", "#fail", "#customerservice", "#flying", "#help", "#delayed",
      "#happy", "#avgeek", "#mondays", "#weekend"};
  private static final String[] USERS = {"@jen_travels", "@mike88", "@dealsfinder", "@sam_w", "@newsdesk",
      "@lucyinthesky", "@frequentflyer"};

  /** Complaint phrases per negative reason (airline-like reasons and incident reasons). */
  private static final Map<String, String[]> REASON_PHRASES = Map.ofEntries(
      Map.entry("Customer Service Issue", new String[] {"on hold for {n} minutes", "nobody answers the phone",
          "your agent hung up on me", "still no reply to my complaint", "chat bot is useless"}),
      Map.entry("Late Flight", new String[] {"delayed again, {n} hours and counting", "still sitting on the tarmac",
          "flight {n} delayed with no explanation", "missed my connection because of the delay"}),
      Map.entry("Can't Tell", new String[] {"seriously", "unbelievable", "just wow", "why is this so hard"}),
      Map.entry("Cancelled Flight", new String[] {"cancelled my flight with no notice", "flight {n} cancelled again",
          "stranded after the cancellation", "cancelled and no rebooking"}),
      Map.entry("Lost Luggage", new String[] {"lost my bag", "my luggage is still missing after {n} days",
          "where is my suitcase", "bag never arrived"}),
      Map.entry("Bad Flight", new String[] {"seat was broken", "no wifi and no snacks", "plane was filthy",
          "entertainment system dead for {n} hours"}),
      Map.entry("Flight Booking Problems", new String[] {"website won't let me book", "charged twice for one booking",
          "booking disappeared", "can't change my reservation online"}),
      Map.entry("Flight Attendant Complaints", new String[] {"flight attendant was rude", "crew ignored us",
          "staff yelled at a passenger"}),
      Map.entry("longlines", new String[] {"security line is {n} minutes long", "check-in queue is endless",
          "waited {n} minutes at the counter"}),
      Map.entry("Damaged Luggage", new String[] {"my bag arrived ripped", "suitcase handle broken",
          "they destroyed my luggage"}),
      Map.entry("App/Website Outage", new String[] {"app is down", "website not loading", "can't check in, site is down",
          "is {b} down for everyone?", "error 500 again"}),
      Map.entry("Mass Cancellations", new String[] {"every flight out of {city} cancelled", "hundreds stranded",
          "meltdown at the airport", "no crew, no planes, no answers"}),
      Map.entry("Passenger Mistreatment", new String[] {"did you see the video", "dragging a passenger off, really?",
          "disgusting treatment of that family", "boycott {b}"}),
      Map.entry("Data Breach", new String[] {"my card details were leaked", "data breach and no email from you",
          "why do I learn about the breach from the news", "changing all my passwords thanks to {b}"}),
      Map.entry("Safety Incident", new String[] {"engine fire on flight {n}?", "is it safe to fly {b}",
          "emergency landing again", "scary footage from {city}"}),
      Map.entry("Fee Increase", new String[] {"new bag fee is a rip off", "{n} dollars for a carry on??",
          "price hike again", "hidden fees everywhere"}));

  /** Hashtags an incident type brings. */
  private static String incidentTag(String reason, String brandTag) {
    return switch (reason) {
      case "App/Website Outage" -> "#" + brandTag + "down";
      case "Mass Cancellations" -> "#" + brandTag + "meltdown";
      case "Passenger Mistreatment" -> "#boycott" + brandTag;
      case "Data Breach" -> "#databreach";
      case "Safety Incident" -> "#aviationsafety";
      case "Fee Increase" -> "#junkfees";
      default -> null;
    };
  }

  /**
   * Writes one post.
   *
   * @param label the post's (true) label
   * @param reason negative reason (for negatives), else null
   * @param brandHandle the brand's handle without {@code @} (e.g. {@code AcmeAir})
   * @param channel channel slug; mentions and replies start with the brand's handle
   * @param rng the post's random source
   */
  public String write(Label label, String reason, String brandHandle, String channel, RandomGenerator rng) {
    Label textLabel = label;
    if (rng.nextDouble() < labelNoise) {
      Label[] others = switch (label) {
        case NEGATIVE -> new Label[] {Label.NEUTRAL, Label.POSITIVE};
        case NEUTRAL -> new Label[] {Label.NEGATIVE, Label.POSITIVE};
        case POSITIVE -> new Label[] {Label.NEGATIVE, Label.NEUTRAL};
      };
      textLabel = others[rng.nextInt(2)];
    }
    StringBuilder b = new StringBuilder(120);
    if ("mention".equals(channel) || "reply".equals(channel) || rng.nextDouble() < 0.2) {
      b.append('@').append(brandHandle).append(' ');
    }
    String brandTag = brandHandle.toLowerCase(Locale.ROOT);
    switch (textLabel) {
      case POSITIVE -> positive(b, rng);
      case NEUTRAL -> neutral(b, brandHandle, rng);
      case NEGATIVE -> negative(b, reason == null ? "Can't Tell" : reason, brandHandle, rng);
    }
    if (rng.nextDouble() < 0.08) {
      b.append(' ').append(USERS[rng.nextInt(USERS.length)]);
    }
    if (textLabel == Label.NEGATIVE && reason != null) {
      String tag = incidentTag(reason, brandTag);
      if (tag != null && rng.nextDouble() < 0.5) {
        b.append(' ').append(tag);
      }
    }
    if (rng.nextDouble() < 0.15) {
      b.append(' ').append(HASHTAGS[rng.nextInt(HASHTAGS.length)]);
    }
    if (rng.nextDouble() < 0.1) {
      b.append(" https://t.co/").append(Long.toString(Math.abs(rng.nextLong()) % 2_000_000_000L, 36));
    }
    if (textLabel != Label.NEUTRAL && rng.nextDouble() < 0.35) {
      boolean wrong = rng.nextDouble() < 0.1;
      boolean pos = (textLabel == Label.POSITIVE) != wrong;
      String[] emo = pos ? POS_EMO : NEG_EMO;
      b.append(' ').append(emo[rng.nextInt(emo.length)]);
    }
    String s = b.toString();
    return fill(s, brandHandle, rng);
  }

  private static void positive(StringBuilder b, RandomGenerator rng) {
    double u = rng.nextDouble();
    if (u < 0.45) {
      b.append(pick(POS_OPEN, rng)).append(' ').append(pick(POS_THING, rng));
      if (rng.nextDouble() < 0.5) {
        b.append(", ").append(pick(POS_TAIL, rng));
      }
    } else if (u < 0.75) {
      b.append(pick(POS_ADJ, rng)).append(" flight today");
      if (rng.nextDouble() < 0.5) {
        b.append(", ").append(pick(POS_THING, rng)).append(" was ").append(pick(POS_ADJ, rng));
      }
    } else if (u < 0.9) {
      // negated negative cue
      b.append(rng.nextBoolean() ? "not bad at all, " : "no complaints, ").append(pick(POS_THING, rng))
          .append(" was ").append(pick(POS_ADJ, rng));
    } else {
      b.append(pick(POS_TAIL, rng));
    }
    if (rng.nextDouble() < 0.2) {
      b.append('!');
    }
  }

  private static void neutral(StringBuilder b, String brand, RandomGenerator rng) {
    b.append(pick(NEUTRAL, rng));
    if (rng.nextDouble() < 0.15) {
      b.append(", ").append(pick(MILD, rng));
    }
    if (rng.nextDouble() < 0.4) {
      b.append('?');
    }
  }

  private static void negative(StringBuilder b, String reason, String brand, RandomGenerator rng) {
    String[] phrases = REASON_PHRASES.getOrDefault(reason, REASON_PHRASES.get("Can't Tell"));
    double u = rng.nextDouble();
    if (u < 0.12) {
      // sarcasm: positive words, negative meaning
      b.append(rng.nextBoolean() ? "great, " : "love it when ").append(pick(phrases, rng));
      if (rng.nextDouble() < 0.5) {
        b.append(". ").append(pick(POS_ADJ, rng)).append(" service as always");
      }
    } else if (u < 0.3) {
      // negated positive cue
      b.append(rng.nextBoolean() ? "not happy, " : "not impressed, ").append(pick(phrases, rng));
    } else {
      b.append(pick(phrases, rng));
      if (rng.nextDouble() < 0.6) {
        b.append(", ").append(pick(NEG_ADJ, rng));
      }
      if (rng.nextDouble() < 0.4) {
        b.append(". ").append(pick(NEG_TAIL, rng));
      }
    }
    if (rng.nextDouble() < 0.1) {
      String s = b.toString();
      int at = s.lastIndexOf(' ') + 1;
      b.setLength(0);
      b.append(s, 0, at).append(s.substring(at).toUpperCase(Locale.ROOT)).append("!!");
    }
  }

  private static String fill(String s, String brand, RandomGenerator rng) {
    if (s.indexOf('{') < 0) {
      return s;
    }
    return s.replace("{b}", "@" + brand)
        .replace("{city}", CITIES[rng.nextInt(CITIES.length)])
        .replace("{n}", Integer.toString(2 + rng.nextInt(180)));
  }

  private static String pick(String[] a, RandomGenerator rng) {
    return a[rng.nextInt(a.length)];
  }
}
