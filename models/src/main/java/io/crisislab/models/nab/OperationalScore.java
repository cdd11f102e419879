package io.crisislab.models.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures a PR lead reads next to the NAB score, for binary alerts on one or more series.
 *
 * <p>Definitions: an incident is detected when at least one alert falls in its window; the
 * detection delay is the first such alert's bucket start minus the window start; the lead time is
 * the incident's peak (by default the window centre: NAB windows are centred on the labelled
 * instant) minus the first alert, positive when the alert came before the peak. A false alarm is a
 * run of consecutive alerting buckets outside every window. Rows of the NAB probationary period
 * (warm-up) are excluded from false alarms and from the observed weeks.
 *
 * @param incidents windows scored
 * @param detected windows with at least one alert
 * @param medianDelayMinutes median minutes from window start to first alert (null if none detected)
 * @param worstDelayMinutes largest such delay
 * @param medianLeadTimeMinutes median minutes from first alert to the peak (null if none detected)
 * @param worstLeadTimeMinutes smallest such lead time
 * @param falseAlarms false alarms counted
 * @param weeks observed weeks (after warm-up)
 * @param falseAlarmsPerWeek {@code falseAlarms / weeks}
 * @param alertHours alerting buckets × bucket width, in hours
 */
public record OperationalScore(int incidents, int detected, Double medianDelayMinutes, Double worstDelayMinutes,
    Double medianLeadTimeMinutes, Double worstLeadTimeMinutes, int falseAlarms, double weeks,
    double falseAlarmsPerWeek, double alertHours) {

  /** One series' alerts and windows. */
  public record Input(long[] bucketStart, int bucketSeconds, boolean[] alerts, List<Window> windows, long[] peaks,
      int warmupBuckets) {}

  /** Per-incident outcome (for the report's lead-time table). */
  public record Incident(String series, Window window, long peak, Long firstAlert) {
    public Double delayMinutes() {
      return firstAlert == null ? null : (firstAlert - window.start()) / 60.0;
    }

    public Double leadTimeMinutes() {
      return firstAlert == null ? null : (peak - firstAlert) / 60.0;
    }
  }

  /** The incidents of one series with their first alert. */
  public static List<Incident> incidents(String series, Input in) {
    List<Incident> out = new ArrayList<>();
    for (int k = 0; k < in.windows().size(); k++) {
      Window w = in.windows().get(k);
      long peak = in.peaks() != null ? in.peaks()[k] : w.start() + (w.end() - w.start()) / 2;
      Long first = null;
      for (int i = 0; i < in.alerts().length; i++) {
        long t = in.bucketStart()[i];
        if (t > w.end()) {
          break;
        }
        if (in.alerts()[i] && t >= w.start()) {
          first = t;
          break;
        }
      }
      out.add(new Incident(series, w, peak, first));
    }
    return out;
  }

  /** Aggregates the figures over several series. */
  public static OperationalScore of(List<Input> inputs) {
    List<Double> delays = new ArrayList<>();
    List<Double> leads = new ArrayList<>();
    int incidents = 0;
    int falseAlarms = 0;
    double weeks = 0;
    double alertHours = 0;
    for (Input in : inputs) {
      for (Incident inc : incidents("", in)) {
        incidents++;
        if (inc.firstAlert() != null) {
          delays.add(inc.delayMinutes());
          leads.add(inc.leadTimeMinutes());
        }
      }
      int n = in.alerts().length;
      boolean prevFalse = false;
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (in.alerts()[i]) {
          alertHours += in.bucketSeconds() / 3600.0;
        }
        long t = in.bucketStart()[i];
        while (k < in.windows().size() && in.windows().get(k).end() < t) {
          k++;
        }
        boolean inside = k < in.windows().size() && in.windows().get(k).start() <= t;
        boolean isFalse = i >= in.warmupBuckets() && in.alerts()[i] && !inside;
        if (isFalse && !prevFalse) {
          falseAlarms++;
        }
        prevFalse = isFalse;
      }
      weeks += Math.max(0, n - in.warmupBuckets()) * (double) in.bucketSeconds() / (7 * 86400.0);
    }
    int detected = delays.size();
    return new OperationalScore(incidents, detected, median(delays), max(delays), median(leads), min(leads),
        falseAlarms, weeks, weeks > 0 ? falseAlarms / weeks : 0, alertHours);
  }

  private static Double median(List<Double> v) {
    if (v.isEmpty()) {
      return null;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private static Double max(List<Double> v) {
    return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
  }

  private static Double min(List<Double> v) {
    return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
  }

  /** Share of incidents detected, in [0, 1] (NaN without incidents). */
  public double detectedShare() {
    return incidents == 0 ? Double.NaN : detected / (double) incidents;
  }

}
