package io.crisislab.models.sim;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a role works without being paged: business hours per weekday in a time zone, minus holidays.
 * {@link #ALWAYS} is a 24/7 desk (monitoring tools, a follow-the-sun team).
 *
 * <p>Invariant: for each weekday either closed ({@code open[d] < 0}) or {@code 0 <= open < close <= 1440}
 * minutes after local midnight. Daylight-saving changes are handled by java.time when the calendar is
 * turned into absolute intervals ({@link #intervals}).
 *
 * @param zone IANA time zone of the hours
 * @param always true for a 24/7 calendar
 * @param open per ISO weekday (index 0 = Monday) the opening minute of the local day, or -1 if closed
 * @param close per weekday the closing minute (exclusive)
 * @param holidays local dates on which the role does not work
 */
public record WorkCalendar(String zone, boolean always, int[] open, int[] close, List<LocalDate> holidays)
    implements Serializable {
  public static final WorkCalendar ALWAYS = new WorkCalendar("UTC", true, new int[7], new int[7], List.of());

  public WorkCalendar {
    open = open.clone();
    close = close.clone();
    holidays = List.copyOf(holidays);
  }

  /** Working minutes in a plain week (no holidays); 0 means the role never works unpaged. */
  public int minutesPerWeek() {
    if (always) {
      return 7 * 1440;
    }
    int s = 0;
    for (int d = 0; d < 7; d++) {
      if (open[d] >= 0) {
        s += close[d] - open[d];
      }
    }
    return s;
  }

  /** Mon–Fri 09:00–17:00 in {@code zone}, no holidays (tests and defaults). */
  public static WorkCalendar weekdays(String zone, int openMinute, int closeMinute) {
    int[] o = new int[7];
    int[] c = new int[7];
    Arrays.fill(o, -1);
    for (int d = 0; d < 5; d++) {
      o[d] = openMinute;
      c[d] = closeMinute;
    }
    return new WorkCalendar(zone, false, o, c, List.of());
  }

  /**
   * Index of the interval [opens[i], closes[i]) (sorted, disjoint, as {@link #intervals} returns
   * them) containing {@code abs}, or -(insertion point) - 1. {@code hint} is tried first: engines
   * ask about ever later minutes, so the last answer is usually right.
   */
  static int find(double[] opens, double[] closes, int hint, double abs) {
    if (hint < opens.length && opens[hint] <= abs && abs < closes[hint]) {
      return hint;
    }
    int lo = 0;
    int hi = opens.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (opens[mid] <= abs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && abs < closes[found] ? found : -(found + 1) - 1;
  }

  /**
   * Open intervals in absolute epoch minutes covering [{@code fromEpochMinute}, {@code toEpochMinute}],
   * merged where they touch (a Friday closing at 24:00 and a Saturday opening at 00:00 are one span).
   *
   * @return two arrays of equal length: opens and closes, ascending
   */
  public double[][] intervals(long fromEpochMinute, long toEpochMinute) {
    if (always) {
      return new double[][] {{Double.NEGATIVE_INFINITY}, {Double.POSITIVE_INFINITY}};
    }
    ZoneId z = ZoneId.of(zone);
    LocalDate d = Instant.ofEpochSecond(fromEpochMinute * 60).atZone(z).toLocalDate().minusDays(1);
    LocalDate end = Instant.ofEpochSecond(toEpochMinute * 60).atZone(z).toLocalDate().plusDays(1);
    Set<LocalDate> hol = new TreeSet<>(holidays);
    List<double[]> spans = new ArrayList<>();
    for (; !d.isAfter(end); d = d.plusDays(1)) {
      int w = d.getDayOfWeek().getValue() - 1;
      if (open[w] < 0 || hol.contains(d)) {
        continue;
      }
      double o = epochMinute(d, open[w], z);
      double c = epochMinute(d, close[w], z);
      if (!spans.isEmpty() && spans.get(spans.size() - 1)[1] >= o) {
        spans.get(spans.size() - 1)[1] = Math.max(c, spans.get(spans.size() - 1)[1]);
      } else {
        spans.add(new double[] {o, c});
      }
    }
    double[][] out = new double[2][spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      out[0][i] = spans.get(i)[0];
      out[1][i] = spans.get(i)[1];
    }
    return out;
  }

  private static double epochMinute(LocalDate d, int minuteOfDay, ZoneId z) {
    ZonedDateTime t = minuteOfDay >= 1440
        ? d.plusDays(1).atStartOfDay(z)
        : d.atTime(LocalTime.of(minuteOfDay / 60, minuteOfDay % 60)).atZone(z);
    return t.toEpochSecond() / 60.0;
  }

  private static final String[] DAY_KEYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

  /**
   * Parses {@code always} or a map {zone, days, hours, hours_by_day, holidays}. Errors name the line.
   */
  static WorkCalendar parse(YamlNode n) {
    if (n.isScalar()) {
      if (n.text().trim().equals("always")) {
        return ALWAYS;
      }
      throw n.error("a calendar is 'always' or a mapping with zone, days, hours, holidays");
    }
    YamlNode zn = n.get("zone");
    String zone = zn.text().trim();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw zn.error("unknown time zone '" + zone + "' (use an IANA name such as Europe/London)");
    }
    int[] o = new int[7];
    int[] c = new int[7];
    Arrays.fill(o, -1);
    YamlNode daysN = n.opt("days");
    YamlNode hoursN = n.opt("hours");
    if ((daysN == null) != (hoursN == null)) {
      throw n.error("'days' and 'hours' go together");
    }
    if (daysN != null) {
      int[] win = window(hoursN);
      for (String day : daysN.texts()) {
        int w = dayIndex(daysN, day);
        o[w] = win[0];
        c[w] = win[1];
      }
    }
    YamlNode byDay = n.opt("hours_by_day");
    if (byDay != null) {
      for (String day : byDay.keys()) {
        YamlNode h = byDay.get(day);
        int w = dayIndex(h, day);
        if (h.text().trim().equals("closed")) {
          o[w] = -1;
        } else {
          int[] win = window(h);
          o[w] = win[0];
          c[w] = win[1];
        }
      }
    }
    List<LocalDate> hol = new ArrayList<>();
    YamlNode holN = n.opt("holidays");
    if (holN != null) {
      for (YamlNode h : holN.list()) {
        try {
          hol.add(LocalDate.parse(h.text().trim()));
        } catch (DateTimeParseException e) {
          throw h.error("expected a date like 2026-12-25, got '" + h.text() + "'");
        }
      }
    }
    n.rejectUnknown();
    WorkCalendar cal = new WorkCalendar(zone, false, o, c, hol);
    return cal;
  }

  private static int dayIndex(YamlNode n, String day) {
    String d = day.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < 7; i++) {
      if (d.startsWith(DAY_KEYS[i]) || d.equals(DayOfWeek.of(i + 1).name().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw n.error("unknown weekday '" + day + "' (mon, tue, wed, thu, fri, sat, sun)");
  }

  /** "09:00-17:30" → {540, 1050}; close may be 24:00; overnight windows are split by the user. */
  private static int[] window(YamlNode n) {
    String t = n.text().trim();
    String[] parts = t.split("-");
    if (parts.length != 2) {
      throw n.error("expected hours like 09:00-17:30, got '" + t + "'");
    }
    int a = minuteOfDay(n, parts[0].trim());
    int b = minuteOfDay(n, parts[1].trim());
    if (b <= a) {
      throw n.error("closing time must be after opening time in '" + t
          + "' (no working hours; split overnight shifts with hours_by_day)");
    }
    return new int[] {a, b};
  }

  private static int minuteOfDay(YamlNode n, String hhmm) {
    String[] p = hhmm.split(":");
    try {
      int h = Integer.parseInt(p[0]);
      int m = p.length > 1 ? Integer.parseInt(p[1]) : 0;
      if (p.length > 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0)) {
        throw new NumberFormatException();
      }
      return h * 60 + m;
    } catch (NumberFormatException e) {
      throw n.error("expected a time like 09:00, got '" + hhmm + "'");
    }
  }

  @Override
  public boolean equals(Object x) {
    return x instanceof WorkCalendar w && w.zone.equals(zone) && w.always == always
        && Arrays.equals(w.open, open) && Arrays.equals(w.close, close) && w.holidays.equals(holidays);
  }

  @Override
  public int hashCode() {
    return zone.hashCode() + Arrays.hashCode(open) * 31 + Arrays.hashCode(close);
  }
}
