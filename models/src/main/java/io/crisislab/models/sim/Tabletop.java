package io.crisislab.models.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one sampled replication into a facilitator's script in Markdown, in the vocabulary of a
 * HSEEP tabletop exercise: objectives, a Master Scenario Events List of timed injects with who acts
 * next and a discussion question at each decision point, then hot-wash questions and a suggested
 * P/S/M/U rating per objective from what happened in the replication.
 */
public final class Tabletop {
  private Tabletop() {}

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

  /** One MSEL line. */
  private record Entry(double minutes, int order, String text, String who, String question) {}

  /** The script of replication {@code index} of {@code model} under {@code seed}. */
  public static String script(Model model, long seed, long index) {
    Engine e = new Engine(model, seed);
    List<TraceEvent> trace = e.trace(index);
    Replication r = e.run(index);
    return render(model, seed, r, trace);
  }

  static String render(Model m, long seed, Replication r, List<TraceEvent> trace) {
    Plan plan = m.plan();
    Scenario sc = m.scenario();
    ZoneId zone = ZoneId.of(sc.zone());
    Instant start = Instant.ofEpochSecond(r.startEpochMinute() * 60);
    StringBuilder b = new StringBuilder();
    b.append("# Tabletop script: ").append(plan.name()).append(" — ").append(sc.name()).append("\n\n");
    b.append("Generated from replication ").append(r.index()).append(" (seed ").append(seed)
        .append("); re-running the same seed and replication gives the same script. Clock times in ")
        .append(zone).append(". Severity in this run: **").append(r.severity()).append("**.\n\n");
    b.append("## Objectives\n\n");
    for (Scenario.Sla s : sc.slas()) {
      b.append("- ").append(s.label() != null ? s.label() : s.milestone().replace('_', ' ') + " within "
          + Summary.readable(s.withinMinutes())).append("\n");
    }
    b.append("- Every inbound message is tagged and queued while the team decides whether to stay silent; "
        + "none is ignored.\n\n");
    b.append("## Master Scenario Events List\n\n");
    b.append("| clock | T+ | inject / event | who acts next | discussion question |\n|---|---|---|---|---|\n");

    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(0, 0, "First negative signal: complaints start to spread.", role(plan, 0, m),
        "Who sees this first at this hour, and how do they know it is more than noise?"));
    int prevHour = -1;
    int prevCount = 0;
    int order = 1;
    Set<String> closedSeen = new HashSet<>();
    for (TraceEvent t : trace) {
      String who = t.role() >= 0 ? plan.roles().get(t.role()).name() : "";
      Plan.Step s = t.step() >= 0 ? plan.steps().get(t.step()) : null;
      switch (t.kind()) {
        case ARRIVALS -> {
          int h = (int) (t.minutes() / 60);
          int c = (int) t.value();
          if (prevHour < 0) {
            entries.add(new Entry(t.minutes(), order++, c + " negative messages arrive in the first hour; each is "
                + "tagged and queued.", String.join(", ", plan.inboundRoles()), "Who triages the inbox right now?"));
          } else if (h == prevHour + 1 && c >= 20 && c >= 2 * prevCount) {
            String factor = c >= 3 * prevCount ? "triple" : "double";
            entries.add(new Entry(t.minutes(), order++, "Negative mentions " + factor + " (" + c
                + " this hour, " + prevCount + " the hour before).", String.join(", ", plan.inboundRoles()),
                "Does this change the severity or who must be woken up?"));
          }
          prevHour = h;
          prevCount = c;
        }
        case WAITING_CLOSED -> {
          if (closedSeen.add(who)) {
            entries.add(new Entry(t.minutes(), order++, "Nobody from " + who
            + " is working; the next opening is " + clock(start, zone, t.value()) + ".", who,
            "Who covers " + who + " out of hours, and should they be paged?"));
          }
        }
        case PAGED -> entries.add(new Entry(t.minutes(), order++, "The on-call " + who + " is paged.", who,
            "What does the page say, and what does the on-call person need to act alone?"));
        case ACKNOWLEDGED -> entries.add(new Entry(t.minutes(), order++, "The on-call " + who
            + " acknowledges the page.", who, null));
        case OPENED -> { }
        case STARTED -> entries.add(new Entry(t.minutes(), order++, capital(s.text()) + " (" + who + " starts).",
            who, s.question() != null ? s.question() : s.rework() != null
                ? "What would make you send this back, and who decides?" : null));
        case DONE -> {
          String ms = s.milestone() != null ? " **Milestone: " + s.milestone().replace('_', ' ') + ".**" : "";
          entries.add(new Entry(t.minutes(), order++, capital(s.text()) + ": done." + ms, next(plan, t.step()), null));
        }
        case REWORK -> entries.add(new Entry(t.minutes(), order++, who + " sends it back to '"
            + plan.steps().get((int) t.value()).id() + "' for rework.", who,
            "What would have got it approved the first time?"));
        case SKIPPED -> entries.add(new Entry(t.minutes(), order++, capital(s.text()) + ": not needed at severity "
            + r.severity() + ".", "", "Would you still involve " + s.role() + " here?"));
        case GATE_LIFTED -> entries.add(new Entry(t.minutes(), order++,
            "The stay-silent hold is lifted: replies to the tagged messages may go out.",
            String.join(", ", plan.inboundRoles()), "Which messages get an answer first?"));
        case FIRST_REPLY -> entries.add(new Entry(t.minutes(), order++, "The first reply to an inbound message goes "
            + "out.", who, null));
        default -> { }
      }
    }
    for (Scenario.Inject i : sc.injects()) {
      entries.add(new Entry(i.atMinutes(), order++, i.text(), "facilitator", "How does the team respond?"));
    }
    entries.sort(Comparator.comparingDouble(Entry::minutes).thenComparingInt(Entry::order));
    for (Entry en : entries) {
      b.append("| ").append(clock(start, zone, en.minutes())).append(" | ").append(Summary.readable(en.minutes()))
          .append(" | ").append(cell(en.text())).append(" | ").append(cell(en.who())).append(" | ")
          .append(cell(en.question() == null ? "" : en.question())).append(" |\n");
    }
    b.append("\n## Outcome of this run\n\n| milestone | reached | T+ |\n|---|---|---|\n");
    List<String> ms = m.milestones();
    for (int k = 0; k < ms.size(); k++) {
      double v = r.milestoneMinutes()[k];
      String at = Double.isNaN(v) ? "skipped" : Double.isInfinite(v) ? "not within the horizon" : clock(start, zone, v);
      b.append("| ").append(ms.get(k).replace('_', ' ')).append(" | ").append(at).append(" | ")
          .append(Double.isFinite(v) ? Summary.readable(v) : "–").append(" |\n");
    }
    if (r.messagesArrived() > 0) {
      b.append("\nInbound: ").append(r.messagesArrived()).append(" messages, ").append(r.messagesAnswered())
          .append(" answered within the run, peak backlog ").append(r.backlogPeakMessages())
          .append(", 90% answered within ").append(Summary.readable(r.waitP90MinutesOrZero())).append(" of arrival.\n");
    }
    b.append("\n## Suggested ratings (P/S/M/U)\n\n| objective | rating | why |\n|---|---|---|\n");
    for (Scenario.Sla s : sc.slas()) {
      double v = r.milestoneMinutes()[ms.indexOf(s.milestone())];
      String rating;
      String why;
      if (Double.isNaN(v)) {
        rating = "–";
        why = "not needed at this severity";
      } else if (v <= s.withinMinutes()) {
        rating = "P";
        why = "met (" + Summary.readable(v) + ")";
      } else if (v <= 2 * s.withinMinutes()) {
        rating = "S";
        why = "late by " + Summary.readable(v - s.withinMinutes());
      } else if (Double.isFinite(v) && v <= 4 * s.withinMinutes()) {
        rating = "M";
        why = "late by " + Summary.readable(v - s.withinMinutes());
      } else {
        rating = "U";
        why = Double.isFinite(v) ? "more than 4× the deadline (" + Summary.readable(v) + ")" : "not reached";
      }
      b.append("| ").append(cell(s.label() != null ? s.label() : s.milestone())).append(" | ").append(rating)
          .append(" | ").append(why).append(" |\n");
    }
    b.append("\nP = performed without challenges, S = some challenges, M = major challenges, U = unable to be "
        + "performed (HSEEP). The facilitator adjusts them in the hot wash.\n");
    b.append("\n## Hot wash\n\n");
    b.append("1. Where did the clock run while nobody could act (closed desks, pages, approvals)?\n");
    b.append("2. Was staying silent the right call, and for how long? What did the backlog look like when the "
        + "hold was lifted?\n");
    b.append("3. Which single change to the plan would have moved the slowest milestone most?\n");
    b.append("4. What goes into the After-Action Report and Improvement Plan?\n");
    return b.toString();
  }

  private static String role(Plan plan, int step, Model m) {
    return plan.steps().get(step).role();
  }

  private static String next(Plan plan, int step) {
    List<String> roles = new ArrayList<>();
    String id = plan.steps().get(step).id();
    for (Plan.Step s : plan.steps()) {
      if (s.after().contains(id) && !roles.contains(s.role())) {
        roles.add(s.role());
      }
    }
    return String.join(", ", roles);
  }

  private static String clock(Instant start, ZoneId zone, double minutes) {
    if (!Double.isFinite(minutes)) {
      return "never";
    }
    return CLOCK.format(start.plusSeconds(Math.round(minutes * 60)).atZone(zone));
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
  }
}
