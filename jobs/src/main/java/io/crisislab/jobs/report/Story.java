package io.crisislab.jobs.report;

import io.crisislab.jobs.run.RunInfo;
import io.crisislab.models.stats.Stats.Estimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What the report tells, computed once for the summary screen, {@code postmortem.md} and
 * {@code summary.json}: each incident (channels grouped) with its alert, the plan's response from
 * that alert, the top reasons among its negative posts; and at most {@link #MAX_CHANGES} changes to
 * the plan ranked by their effect, each with its 95% interval.
 */
final class Story {
  static final int MAX_CHANGES = 5;

  private Story() {}

  /** One incident and what followed. {@code response} is null when the rule missed it or nothing was simulated. */
  record Item(Incidents.Incident incident, Long negativePosts, List<Map<String, Object>> topReasons,
      Response.Result response) {}

  /**
   * A change to the plan and its effect on the mean time to {@code milestone} (minutes, negative =
   * sooner), paired on common random numbers, with its 95% interval.
   *
   * @param p90DeltaMinutes the effect on p90, when measured (no interval for what-ifs)
   */
  record Change(String change, String plan, String milestone, Estimate meanDeltaMinutes, Double p90DeltaMinutes) {}

  static List<Item> items(SparkSession spark, Report r, List<RunInfo> runs, Response.Setup setup) {
    RunInfo score = runs.stream().filter(x -> x.job().equals("score")).reduce((a, b) -> b).orElse(null);
    List<Item> out = new ArrayList<>();
    for (Incidents.Incident inc : Incidents.group(r.incidents)) {
      Postmortem.Reasons reasons = Postmortem.reasons(spark, score, inc);
      Long volume = reasons == null ? null : reasons.negativePosts();
      Response.Result res = setup == null ? null : Response.simulate(setup, inc, volume);
      out.add(new Item(inc, volume, reasons == null ? List.of() : reasons.top(), res));
    }
    return out;
  }

  /**
   * Changes ranked by the size of their effect on the mean of the simulation's focus milestone;
   * only changes whose interval lies wholly below zero (they help, beyond noise) are kept.
   */
  static List<Change> changes(Report r) {
    List<Change> all = new ArrayList<>();
    for (Map<String, Object> c : r.comparisons) {
      Estimate mean = (Estimate) c.get("focusMeanDiffMinutes");
      if (mean != null) {
        all.add(new Change(String.format(Locale.ROOT, "Adopt \"%s\" instead of \"%s\"", c.get("planB"), c.get("planA")),
            String.valueOf(c.get("planA")), String.valueOf(c.get("focus")), mean, (Double) c.get("focusP90DiffMinutes")));
      }
    }
    for (Map<String, Object> s : r.simulations) {
      for (Object o : (List<?>) s.getOrDefault("whatIfs", List.of())) {
        Map<?, ?> w = (Map<?, ?>) o;
        Estimate mean = (Estimate) w.get("minus25MeanDeltaMinutes");
        if (mean != null) {
          all.add(new Change(String.format(Locale.ROOT, "In \"%s\", make %s 25%% faster", s.get("plan"),
              whatIf(String.valueOf(w.get("item")))), String.valueOf(s.get("plan")),
              String.valueOf(s.get("sensitivityMilestone")), mean, (Double) w.get("minus25P90DeltaMinutes")));
        }
      }
    }
    return all.stream().filter(c -> c.meanDeltaMinutes().value() != null && c.meanDeltaMinutes().ci95High() != null
            && c.meanDeltaMinutes().ci95High() < 0)
        .sorted(Comparator.comparingDouble(c -> c.meanDeltaMinutes().value())).limit(MAX_CHANGES).toList();
  }

  /** "step:legal_review" as "the step legal review"; "ack:legal" as "legal's acknowledgement of a page". */
  static String whatIf(String item) {
    String[] p = item.split(":", 2);
    if (p.length < 2) {
      return item;
    }
    String name = p[1].replace('_', ' ');
    return switch (p[0]) {
      case "step" -> "the step \"" + name + "\"";
      case "ack" -> name + "'s acknowledgement of a page";
      case "handle" -> name + "'s handling of each message";
      default -> item;
    };
  }

  /** A change as one sentence with its interval, e.g. "... : mean time to holding statement 2d03h sooner [2d02h, 2d04h]". */
  static String sentence(Change c) {
    Estimate e = c.meanDeltaMinutes();
    String s = c.change() + ": mean time to " + c.milestone().replace('_', ' ') + " "
        + SimulationSection.readable(-e.value()) + " sooner (95% interval " + SimulationSection.readable(-e.ci95High())
        + " to " + SimulationSection.readable(-e.ci95Low()) + ")";
    return c.p90DeltaMinutes() == null || c.p90DeltaMinutes() >= 0 ? s
        : s + ", p90 " + SimulationSection.readable(-c.p90DeltaMinutes()) + " sooner";
  }

  /** summary.json's {@code incidents}. See data/schemas/summary.md. */
  static List<Map<String, Object>> incidentsJson(List<Item> items) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Item it : items) {
      Incidents.Incident inc = it.incident();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", inc.number());
      m.put("brand", inc.brand());
      m.put("startedAt", iso(inc.start()));
      m.put("endedAt", iso(inc.end()));
      m.put("peakAt", iso(inc.peak()));
      m.put("firstAlertAt", iso(inc.firstAlert()));
      m.put("alertChannel", inc.alertChannel());
      m.put("alertDelayMinutes", inc.alertDelayMinutes());
      m.put("alertLeadMinutes", inc.alertLeadMinutes());
      m.put("negativePosts", it.negativePosts());
      List<Map<String, Object>> chans = new ArrayList<>();
      for (Incidents.Channel c : inc.channels()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("series", c.series());
        x.put("windowStart", iso(c.start()));
        x.put("windowEnd", iso(c.end()));
        x.put("peakAt", iso(c.peak()));
        x.put("alertAt", iso(c.alert()));
        chans.add(x);
      }
      m.put("channels", chans);
      m.put("topReasons", it.topReasons());
      m.put("response", it.response() == null ? null : response(it.response()));
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> response(Response.Result res) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clockStartsAt", iso(res.clockStartsAt()));
    m.put("replications", Response.REPLICATIONS);
    m.put("inboundMessages", res.inboundMessages());
    m.put("inboundFromIncident", res.ownVolume());
    List<Map<String, Object>> plans = new ArrayList<>();
    for (Response.PlanResponse p : res.plans()) {
      List<Map<String, Object>> ms = new ArrayList<>();
      for (Response.Milestone x : p.milestones()) {
        ms.add(Report.fields(x));
      }
      plans.add(Map.of("plan", p.plan(), "milestones", ms));
    }
    m.put("plans", plans);
    m.put("focus", res.focus());
    m.put("planBP90DiffMinutes", res.change());
    return m;
  }

  /** summary.json's {@code changes}. */
  static List<Map<String, Object>> changesJson(List<Change> changes) {
    List<Map<String, Object>> out = new ArrayList<>();
    int rank = 0;
    for (Change c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", ++rank);
      m.putAll(Report.fields(c));
      out.add(m);
    }
    return out;
  }

  static String iso(java.time.Instant t) {
    return t == null ? null : t.toString();
  }
}
