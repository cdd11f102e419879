package io.crisislab.jobs.report;

import io.crisislab.jobs.html.Html;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.crisislab.jobs.run.RunInfo;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code postmortem.md}, for PR leads: one section per incident (its channels inside it) with a
 * timeline that never runs backwards (first negative signal, the tuned rule's alert, the peak, then
 * every compared plan's milestones at p50 and p90 <em>from that alert</em>, simulated on the
 * incident's own date and volume), the response against the SLAs, the top reasons among its negative
 * posts; then at most five changes ranked by effect, each with its interval. Figures are the ones
 * {@link Story} computed for the summary screen and summary.json.
 */
final class Postmortem {
  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private Postmortem() {}

  /** A replay timestamp ("2026-11-14 02:00:00", ISO also accepted) as an Instant in UTC, or null. */
  static Instant parse(String t) {
    if (t == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19).replace('T', ' ') : t.replace('T', ' '), NAB)
          .toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** One timeline row; rows sort by time, ties keep the order they were added in (cause before effect). */
  record Event(Instant at, String what) {}

  /** The timeline of one incident, sorted; every time is at or after the first negative signal. */
  static List<Event> timeline(Story.Item it) {
    Incidents.Incident inc = it.incident();
    List<Event> ev = new ArrayList<>();
    ev.add(new Event(inc.start(), "first negative signal (" + inc.channels().get(0).channel() + "): the incident begins"));
    for (Incidents.Channel c : inc.channels().subList(1, inc.channels().size())) {
      ev.add(new Event(c.start(), "negative posts rise on " + c.channel() + " too"));
    }
    if (inc.firstAlert() != null) {
      ev.add(new Event(inc.firstAlert(), "the tuned rule alerts on " + inc.alertChannel() + ", "
          + SimulationSection.readable(inc.alertDelayMinutes()) + " after the first signal; the plan's clock starts"));
    }
    if (inc.peak() != null) {
      ev.add(new Event(inc.peak(), "negative posts peak"));
    }
    Response.Result res = it.response();
    if (res != null) {
      for (Response.PlanResponse p : res.plans()) {
        for (Response.Milestone m : p.milestones()) {
          for (String q : List.of("p50", "p90")) {
            var e = q.equals("p50") ? m.p50Minutes() : m.p90Minutes();
            if (e != null && e.value() != null && Double.isFinite(e.value())) {
              ev.add(new Event(inc.start().plus(Duration.ofSeconds(Math.round(e.value() * 60))),
                  p.plan() + ": " + m.milestone().replace('_', ' ') + " out (" + q + ", "
                      + SimulationSection.readable(e.value()) + " after the first signal)"));
            }
          }
        }
      }
    }
    ev.add(new Event(inc.end(), "the incident window closes"));
    List<Event> sorted = new ArrayList<>(ev);
    sorted.sort(Comparator.comparing(Event::at)); // stable: ties keep cause before effect
    return sorted;
  }

  static void write(Report r, List<RunInfo> runs, List<Story.Item> items, List<Story.Change> changes,
      Response.Setup setup) {
    StringBuilder md = r.md;
    md.append("Built from ").append(runs.size()).append(" run folder(s). Times are UTC, to the minute. An incident is ")
        .append("one brand's surge of negative posts; the channels it showed on are listed inside it.\n\n");
    if (setup != null) {
      md.append("Response times come from simulating ").append(setup.planB() == null ? "plan `" + Report.mdEsc(setup.planA().name()) + "`"
          : "plans `" + Report.mdEsc(setup.planA().name()) + "` and `" + Report.mdEsc(setup.planB().name()) + "`")
          .append(" (").append(Response.REPLICATIONS).append(" replications each, scenario \"")
          .append(Report.mdEsc(setup.scenario().name())).append("\") with the clock starting when the tuned rule ")
          .append("alerted, on that incident's own day and hour, with its own negative posts as the inbound messages ")
          .append("when the scored posts are among the runs. SLAs count from the first negative signal.\n\n");
    }
    if (r.classifier != null) {
      md.append("Classifier: AUC ").append(fmt(r.classifier.get("aucRoc"))).append(", ECE ")
          .append(fmt(r.classifier.get("ece"))).append(", threshold ").append(fmt(r.classifier.get("threshold")))
          .append(" (").append(Report.mdEsc(r.classifier.get("thresholdRule"))).append(").\n\n");
    }
    if (items.isEmpty()) {
      md.append("No replayed incidents among these runs (run `crisislab replay --windows ...`).\n\n");
    }
    for (Story.Item it : items) {
      Incidents.Incident inc = it.incident();
      md.append("## Incident ").append(inc.number()).append(": ").append(Report.mdEsc(inc.brand())).append(", ")
          .append(Html.when(inc.start())).append("\n\n");
      md.append("Channels: ").append(String.join("; ", inc.channels().stream().map(c -> Report.mdEsc(c.channel())
          + (c.alert() == null ? " (missed)" : " (alert " + SimulationSection.readable(
              Duration.between(c.start(), c.alert()).toSeconds() / 60.0) + " after its window opened)")).toList()))
          .append(". Negative posts: ").append(it.negativePosts() == null ? "not counted (no score run)"
              : String.format(Locale.ROOT, "%,d", it.negativePosts())).append(".\n\n");
      md.append("### Timeline\n\n| time (UTC) | event |\n|---|---|\n");
      for (Event e : timeline(it)) {
        md.append("| ").append(Html.when(e.at()).replace(" UTC", "")).append(" | ").append(Report.mdEsc(e.what())).append(" |\n");
      }
      md.append('\n');
      if (inc.firstAlert() == null) {
        md.append("The tuned rule did not alert on any channel, so there is no moment to start the plan's clock ")
            .append("from; the response is not simulated for this incident.\n\n");
      } else if (it.response() == null) {
        md.append("No simulate run among the inputs; run `crisislab simulate` to see the response.\n\n");
      } else {
        md.append("### Response against the SLAs\n\n| plan | milestone | p50 | p90 [95% interval] | SLA | chance of missing it |\n")
            .append("|---|---|---:|---:|---|---:|\n");
        for (Response.PlanResponse p : it.response().plans()) {
          for (Response.Milestone m : p.milestones()) {
            md.append("| ").append(Report.mdEsc(p.plan())).append(" | ").append(Report.mdEsc(m.milestone().replace('_', ' ')))
                .append(" | ").append(Glance.minutes(m.p50Minutes(), false)).append(" | ").append(Glance.minutes(m.p90Minutes(), true))
                .append(" | ").append(Report.mdEsc(m.slaLabel() == null ? "–" : m.slaLabel())).append(" | ")
                .append(Glance.percent(m.breachProbability())).append(" |\n");
          }
        }
        md.append('\n');
      }
      if (!it.topReasons().isEmpty()) {
        md.append("### Top reasons (negative posts in the incident, as tagged by the classifier)\n\n| reason | posts | share |\n|---|---:|---:|\n");
        for (Map<String, Object> x : it.topReasons()) {
          md.append("| ").append(Report.mdEsc(x.get("reason"))).append(" | ").append(String.format(Locale.ROOT, "%,d", x.get("posts")))
              .append(" | ").append(String.format(Locale.ROOT, "%.0f%%", 100 * (Double) x.get("share"))).append(" |\n");
        }
        md.append('\n');
      }
    }
    md.append("## What to change in the plan\n\n");
    if (changes.isEmpty()) {
      md.append(r.simulations.isEmpty() ? "No simulate run among the inputs; run `crisislab simulate` with the plan to see "
          + "who holds the response up.\n" : "No single change shortens the response beyond the simulation's noise.\n");
    } else {
      md.append("At most ").append(Story.MAX_CHANGES).append(", ranked by how much sooner the ")
          .append(Report.mdEsc(changes.get(0).milestone().replace('_', ' '))).append(" goes out on average ")
          .append("(simulated on the scenario, paired on common random numbers):\n\n");
      int k = 0;
      for (Story.Change c : changes) {
        md.append(++k).append(". ").append(Report.mdEsc(Story.sentence(c))).append(".\n");
      }
    }
  }

  private static String fmt(Object o) {
    return o instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
  }

  /** The incident's negative posts and their most frequent predicted reasons (top 5). */
  record Reasons(long negativePosts, List<Map<String, Object>> top) {}

  /** Negative posts of the incident's brand and channels within its time span, or null without a score run. */
  static Reasons reasons(SparkSession spark, RunInfo score, Incidents.Incident inc) {
    Path scored = score == null ? null : score.scoredPosts();
    if (spark == null || scored == null) {
      return null;
    }
    Dataset<Row> posts = spark.read().parquet(scored.toString());
    List<String> cols = List.of(posts.columns());
    if (!cols.containsAll(List.of("brand", "created_at", "is_negative", "reason"))) {
      return null;
    }
    Column f = col("brand").equalTo(lit(inc.brand())).and(col("is_negative"))
        .and(col("created_at").geq(lit(Timestamp.from(inc.start())))).and(col("created_at").leq(lit(Timestamp.from(inc.end()))));
    if (cols.contains("channel")) {
      f = f.and(col("channel").isin(inc.channels().stream().map(Incidents.Channel::channel).toArray()));
    }
    List<Row> rows = posts.where(f).groupBy(col("reason")).count().orderBy(col("count").desc(), col("reason"))
        .collectAsList();
    long total = rows.stream().mapToLong(x -> x.getLong(1)).sum();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row x : rows.subList(0, Math.min(5, rows.size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reason", x.isNullAt(0) ? "(none)" : x.getString(0));
      m.put("posts", x.getLong(1));
      m.put("share", total == 0 ? 0.0 : x.getLong(1) / (double) total);
      out.add(m);
    }
    return new Reasons(total, out);
  }
}
