package io.crisislab.jobs.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Replayed incident windows grouped into incidents as a PR lead counts them: one brand's windows on
 * several channels that overlap in time are one incident, with its channels inside it. Replay scores
 * one window per {@code brand/channel} series; a planted or real incident usually shows on several.
 */
final class Incidents {
  private Incidents() {}

  /**
   * One channel's window of an incident.
   *
   * @param series {@code brand/channel}
   * @param alert the tuned rule's first alert inside the window, or null (missed on this channel)
   */
  record Channel(String series, Instant start, Instant end, Instant peak, Instant alert) {
    String channel() {
      int slash = series.indexOf('/');
      return slash < 0 ? series : series.substring(slash + 1);
    }
  }

  /**
   * An incident across channels; times are the earliest over its channels.
   *
   * @param number 1-based, in order of start
   * @param start first negative signal on any channel (the earliest window opening)
   * @param end the latest window end
   * @param peak the earliest channel peak, or null
   * @param firstAlert the earliest alert on any channel, or null when every channel was missed
   */
  record Incident(int number, String brand, Instant start, Instant end, Instant peak, Instant firstAlert,
      List<Channel> channels) {
    /** Minutes from the first negative signal to the first alert, or null when missed. */
    Double alertDelayMinutes() {
      return firstAlert == null ? null : Duration.between(start, firstAlert).toSeconds() / 60.0;
    }

    /** Minutes from the first alert to the first peak (negative: the alert came after the peak), or null. */
    Double alertLeadMinutes() {
      return firstAlert == null || peak == null ? null : Duration.between(firstAlert, peak).toSeconds() / 60.0;
    }

    /** The channel whose alert came first, or null. */
    String alertChannel() {
      return channels.stream().filter(c -> c.alert() != null).min(Comparator.comparing(Channel::alert))
          .map(Channel::channel).orElse(null);
    }
  }

  /**
   * Groups replay incident rows (maps with {@code series}, {@code windowStart}, {@code windowEnd},
   * {@code peak}, {@code firstAlert} as written by replay.json) into incidents. Rows with no
   * parseable window start are left out.
   */
  static List<Incident> group(List<Map<String, Object>> rows) {
    List<Channel> channels = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Instant start = Postmortem.parse((String) row.get("windowStart"));
      if (start == null) {
        continue;
      }
      Instant end = Postmortem.parse((String) row.get("windowEnd"));
      channels.add(new Channel(String.valueOf(row.get("series")), start, end == null ? start : end,
          Postmortem.parse((String) row.get("peak")), Postmortem.parse((String) row.get("firstAlert"))));
    }
    channels.sort(Comparator.comparing((Channel c) -> brand(c.series())).thenComparing(Channel::start)
        .thenComparing(Channel::series));
    List<List<Channel>> groups = new ArrayList<>();
    for (Channel c : channels) {
      List<Channel> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      // same brand and the window opens before the group's latest window closes: the same incident
      if (last != null && brand(last.get(0).series()).equals(brand(c.series()))
          && !c.start().isAfter(last.stream().map(Channel::end).max(Comparator.naturalOrder()).orElseThrow())) {
        last.add(c);
      } else {
        groups.add(new ArrayList<>(List.of(c)));
      }
    }
    groups.sort(Comparator.comparing((List<Channel> g) -> g.get(0).start()).thenComparing(g -> g.get(0).series()));
    List<Incident> out = new ArrayList<>();
    for (List<Channel> g : groups) {
      out.add(new Incident(out.size() + 1, brand(g.get(0).series()), g.get(0).start(),
          g.stream().map(Channel::end).max(Comparator.naturalOrder()).orElseThrow(),
          earliest(g.stream().map(Channel::peak).toList()), earliest(g.stream().map(Channel::alert).toList()),
          List.copyOf(g)));
    }
    return out;
  }

  private static Instant earliest(List<Instant> times) {
    return times.stream().filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
  }

  static String brand(String series) {
    int slash = series.indexOf('/');
    return slash < 0 ? series : series.substring(0, slash);
  }
}
