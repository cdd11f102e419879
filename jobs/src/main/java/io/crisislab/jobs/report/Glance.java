package io.crisislab.jobs.report;

import io.crisislab.jobs.html.Html;
import io.crisislab.models.stats.Stats.Estimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's first screen (it must fit 1400×900): one row per incident — when it began, when the
 * tuned rule alerted, how the plan responds from that alert (p50/p90 to the holding statement and to
 * the first public answer, against the SLA) and the change that helps most — then the ranked changes.
 * The browser check ({@code tools/browser_check.py --first-screen}) looks for the ids used here.
 */
final class Glance {
  private Glance() {}

  /** Minutes as "5h37m" (p50) or "9h39m (9h25m–9h55m)" with the interval; "–" when missing. */
  static String minutes(Estimate e, boolean withCi) {
    if (e == null || e.value() == null) {
      return "–";
    }
    String s = SimulationSection.readable(e.value());
    return withCi && e.ci95Low() != null && e.ci95High() != null
        ? s + " (" + SimulationSection.readable(e.ci95Low()) + "–" + SimulationSection.readable(e.ci95High()) + ")" : s;
  }

  /** A probability as "31%" ("<1%", ">99%" at the ends); "–" when missing. */
  static String percent(Estimate e) {
    if (e == null || e.value() == null) {
      return "–";
    }
    double p = 100 * e.value();
    return p > 0 && p < 1 ? "<1%" : p < 100 && p > 99 ? ">99%" : String.format(Locale.ROOT, "%.0f%%", p);
  }

  /** The summary section, to be put first on the page. */
  static Html render(List<Story.Item> items, List<Story.Change> changes, int dataNotes, Response.Setup setup) {
    Html h = new Html();
    h.section("summary", "What happened and what to change");
    long missed = items.stream().filter(i -> i.incident().firstAlert() == null).count();
    if (items.isEmpty()) {
      h.p("No replayed incidents among these runs: run crisislab replay with incident windows to see them here.");
    } else {
      h.p(items.size() + " incident(s); the tuned rule alerted on " + (items.size() - missed) + " of them. "
          + (setup == null ? "No plan was simulated." : "Response: \"" + setup.planA().name() + "\""
              + (setup.planB() == null ? "" : " and \"" + setup.planB().name() + "\"") + " simulated from the moment "
              + "of each alert, on that incident's own day, hour and volume; times count from the first negative "
              + "signal, p90 with its 95% interval."));
      List<List<Object>> rows = new ArrayList<>();
      for (Story.Item it : items) {
        rows.add(row(it, changes.isEmpty() ? null : changes.get(0)));
      }
      h.table("glance", List.of("incident", "began", "tuned rule alerted", "holding statement p50 / p90",
          "first public answer p50 / p90", "change that helps most"), rows);
    }
    if (!changes.isEmpty()) {
      h.p("What to change, ranked by effect (at most " + Story.MAX_CHANGES + "):");
      int k = 0;
      for (Story.Change c : changes) {
        h.p(++k + ". " + Story.sentence(c) + ".");
      }
    }
    h.note("Details follow, one section per job" + (dataNotes > 0 ? "; repairs made to the data are listed once "
        + "under \"Data notes\" at the end" : "") + ". The same figures are in postmortem.md and summary.json.");
    h.endSection();
    return h;
  }

  /** @param top the best change on the scenario, shown when the incident has no paired plan comparison of its own */
  private static List<Object> row(Story.Item it, Story.Change top) {
    Incidents.Incident inc = it.incident();
    List<Object> row = new ArrayList<>();
    row.add(inc.number() + ". " + inc.brand() + " (" + String.join(", ", inc.channels().stream()
        .map(Incidents.Channel::channel).toList()) + ")");
    row.add(Html.when(inc.start()));
    row.add(inc.firstAlert() == null ? "missed on every channel"
        : Html.when(inc.firstAlert()) + ", " + SimulationSection.readable(inc.alertDelayMinutes()) + " after it began ("
            + inc.alertChannel() + ")");
    Response.Result res = it.response();
    Response.PlanResponse a = res == null ? null : res.plans().get(0);
    for (String m : Response.SHOWN) {
      Response.Milestone x = a == null ? null : a.milestones().stream().filter(y -> y.milestone().equals(m)).findFirst()
          .orElse(null);
      row.add(x == null ? (inc.firstAlert() == null ? "not simulated (no alert)" : "–")
          : minutes(x.p50Minutes(), false) + " / " + minutes(x.p90Minutes(), true)
              + (x.slaMinutes() == null ? "" : "; SLA " + SimulationSection.readable(x.slaMinutes()) + " missed in "
                  + percent(x.breachProbability())));
    }
    if (res != null && res.change() != null && res.plans().size() > 1) {
      row.add(res.plans().get(1).plan() + ": p90 " + res.focus().replace('_', ' ') + " " + signed(res.change()));
    } else {
      row.add(top == null ? "–" : Story.sentence(top) + " (on the scenario)");
    }
    return row;
  }

  /** A paired difference as "2d03h sooner (2d02h–2d04h)" or "... later". */
  static String signed(Estimate d) {
    if (d == null || d.value() == null) {
      return "–";
    }
    if (Math.abs(d.value()) < 0.5 && d.ci95Low() != null && d.ci95High() != null && Math.abs(d.ci95Low()) < 0.5
        && Math.abs(d.ci95High()) < 0.5) {
      return "no difference"; // both plans are the same at this hour (e.g. legal is in the office)
    }
    boolean sooner = d.value() < 0;
    String ci = d.ci95Low() == null || d.ci95High() == null ? "" : " (" + SimulationSection.readable(Math.abs(sooner
        ? d.ci95High() : d.ci95Low())) + "–" + SimulationSection.readable(Math.abs(sooner ? d.ci95Low() : d.ci95High())) + ")";
    return SimulationSection.readable(Math.abs(d.value())) + (sooner ? " sooner" : " later") + ci;
  }

  /** The data notes block: repairs in plain words, once. */
  static void dataNotes(Html page, List<String> plain) {
    if (plain.isEmpty()) {
      return;
    }
    page.section("data-notes", "Data notes");
    page.note("What the jobs repaired in their input before using it. None of it is an error.");
    for (String s : plain) {
      page.p(s);
    }
    page.endSection();
  }
}
