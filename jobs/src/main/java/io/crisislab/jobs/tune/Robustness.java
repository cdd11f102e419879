package io.crisislab.jobs.tune;

import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.RuleSearch;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.SeriesLoad;
import io.crisislab.models.series.Thinning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Volume robustness of {@code tune}: binomially thinned copies of the tuning series (each post kept
 * with probability q, seeded by purpose), either added to the training series ({@code --augment-thin})
 * or used to validate the held-out rules on quieter series than they were tuned on ({@code --thin}).
 */
final class Robustness {
  private Robustness() {}

  /**
   * Validated figures on thinned copies: each copy scored under the rule its original's fold chose
   * (tuned without that series and without any thinned copy of it).
   *
   * @param meanCountPerBucket mean count a bucket over the copies
   */
  public record Thinned(double q, double validatedScore, int detected, int incidents, double falseAlarmsPerWeek,
      Double medianLeadTimeMinutes, double meanCountPerBucket) {}

  /** The originals plus a thinned copy of each at every q (ids marked {@link RuleSearch#COPY}). */
  static List<RuleSearch.Labelled> augment(List<RuleSearch.Labelled> labelled, List<Double> qs, RunContext ctx) {
    List<RuleSearch.Labelled> out = new ArrayList<>(labelled);
    out.addAll(copies(labelled, qs, "augment", ctx));
    return out;
  }

  /** A thinned copy of each series at every q (ids marked {@link RuleSearch#COPY}), seeded by {@code purpose} and q. */
  static List<RuleSearch.Labelled> copies(List<RuleSearch.Labelled> labelled, List<Double> qs, String purpose, RunContext ctx) {
    List<RuleSearch.Labelled> out = new ArrayList<>();
    for (double q : qs) {
      MersenneTwister rng = new MersenneTwister(TuneJob.seed(ctx, purpose + " q=" + q));
      for (RuleSearch.Labelled l : labelled) {
        Series ts = Thinning.thin(l.series(), q, rng);
        out.add(new RuleSearch.Labelled(ts.withCounts(ts.id() + RuleSearch.COPY + q, ts.count()), l.windows(), l.peaks()));
      }
    }
    return out;
  }

  /** The held-out rules of {@code folds} applied to copies of the series thinned at {@code q}. */
  static Thinned thinned(double q, List<RuleSearch.Labelled> labelled, Map<String, SeriesSource.Loaded> byId,
      List<RuleSearch.Fold> folds, SearchSpace.Space space, List<RuleSearch.Policy> policies, boolean perIncident,
      NabProfile profile, RunContext ctx) {
    MersenneTwister rng = new MersenneTwister(TuneJob.seed(ctx, "thin q=" + q));
    List<RuleSearch.Labelled> tl = new ArrayList<>();
    Map<String, SeriesSource.Loaded> tById = new LinkedHashMap<>();
    double total = 0;
    long buckets = 0;
    for (RuleSearch.Labelled l : labelled) {
      Series ts = Thinning.thin(l.series(), q, rng);
      total += Replay.meanCountPerBucket(ts) * ts.size();
      buckets += ts.size();
      tl.add(new RuleSearch.Labelled(ts, l.windows(), l.peaks()));
      SeriesSource.Loaded o = byId.get(l.series().id());
      tById.put(ts.id(), new SeriesSource.Loaded(new SeriesLoad(ts, List.of()), o.brand(), o.channel(), o.measure()));
    }
    Replay.Scores s = Replay.score(Validation.validatedAlerts(tl, tById, folds, space, policies, perIncident), List.of(profile));
    ctx.stage("validate on thinned copies q=" + q, tl.size());
    return new Thinned(q, s.nabNormalised().get(profile.name()), s.operational().detected(), s.operational().incidents(),
        s.operational().falseAlarmsPerWeek(), s.operational().medianLeadTimeMinutes(), total / buckets);
  }
}
