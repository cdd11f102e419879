package io.crisislab.jobs.tune;

import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.NabScorer;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.RuleSearch;
import io.crisislab.models.nab.TrainingSet;
import io.crisislab.models.nab.VolumeSelection;
import io.crisislab.models.series.Series;
import io.crisislab.models.stats.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Nested validation of {@code tune}: every choice (detector family, parameters, persistence,
 * cool-down, threshold) is made on the training series of each outer fold only, then applied
 * unchanged to the held-out series. Reports each fold's held-out score, their spread, the expected
 * score on a new series, and per family the same on the same basis with its optimism gap.
 */
public final class Validation {
  private Validation() {}

  /**
   * One outer fold.
   *
   * @param heldOut the held-out series (or {@code series#k} incident block)
   * @param rule the rule chosen without it
   * @param trainingScore NAB normalised score of that rule on the fold's training series, extra training series included (objective's profile)
   * @param heldOutScore NAB normalised score of that rule on the held-out series alone, or null when it has no window
   * @param windows windows of the held-out series
   * @param detected of those, windows with an alert
   * @param falseAlarms false-alarm runs on the held-out series
   */
  public record Fold(String heldOut, DetectorSpec rule, double trainingScore, Double heldOutScore, int windows,
      int detected, int falseAlarms) {}

  /**
   * What a new series can expect: the held-out scores of the folds as a sample of "a series the rule
   * never saw". NAB normalised points (0 = no detections, 100 = perfect).
   *
   * @param n folds with at least one window (the sample size)
   * @param meanScore their mean
   * @param sdScore their standard deviation (n - 1)
   * @param ci95LowScore lower end of the 95 % t-interval of the mean (null for n < 2)
   * @param ci95HighScore upper end
   * @param minScore worst fold
   * @param maxScore best fold
   */
  public record Expected(int n, double meanScore, double sdScore, Double ci95LowScore, Double ci95HighScore,
      double minScore, double maxScore) {}

  /**
   * One detector family validated on its own (its parameters, policy and threshold chosen inside
   * each fold).
   *
   * @param trainingScore its best rule's in-sample score on all tuning series (the rule chosen with any extra training series, scored without them)
   * @param validatedScore the pooled held-out score (all folds' alerts scored together)
   * @param optimismGap {@code trainingScore - validatedScore}: how much the in-sample figure over-promises
   * @param perSeries the expected score on a new series (per-fold held-out scores)
   */
  public record Family(String detector, int candidates, double trainingScore, double validatedScore, double optimismGap,
      int detected, int incidents, double falseAlarmsPerWeek, Expected perSeries) {}

  /**
   * How one family ranked in the final family choice ({@link io.crisislab.models.nab.VolumeSelection}):
   * NAB normalised points of its rule (chosen on the originals) on the originals, at its worst
   * volume and pooled over the originals and the thinned training copies; in-sample, or
   * inner-validated under nested selection.
   */
  public record VolumeStanding(String detector, DetectorSpec rule, double originalsScore, double worstScore,
      double pooledScore) {}

  /** The final choice's standings, best worst-volume score first. */
  static List<VolumeStanding> volumeStandings(List<VolumeSelection.Standing> standings, SearchSpace.Space space,
      List<RuleSearch.Policy> policies, NabProfile profile) {
    List<VolumeStanding> out = new ArrayList<>();
    for (VolumeSelection.Standing s : standings) {
      out.add(new VolumeStanding(s.family(), spec(space, policies, s.originals().key()), s.originals().normalised(profile),
          s.worst().normalised(profile), s.pooled().normalised(profile)));
    }
    out.sort((a, b) -> Double.compare(b.worstScore(), a.worstScore()));
    return out;
  }

  /** Evaluates every (series, candidate block) as one Spark task (or locally without a session) and collects the cells. */
  static List<RuleSearch.Cell> evaluate(SparkSession spark, List<RuleSearch.Labelled> labelled, SearchSpace.Space space,
      List<RuleSearch.Policy> policies, NabProfile profile, boolean perIncident, int blockSize) {
    List<int[]> tasks = new ArrayList<>();
    int n = space.candidates().size();
    for (int s = 0; s < labelled.size(); s++) {
      for (int from = 0; from < n; from += blockSize) {
        tasks.add(new int[] {s, from, Math.min(n, from + blockSize)});
      }
    }
    List<RuleSearch.Candidate> cands = new ArrayList<>(space.candidates());
    List<double[]> thr = new ArrayList<>(space.thresholds());
    List<RuleSearch.Policy> pols = new ArrayList<>(policies);
    if (spark == null) {
      List<RuleSearch.Cell> out = new ArrayList<>();
      for (int[] t : tasks) {
        out.addAll(task(labelled, cands, thr, pols, profile, perIncident, t));
      }
      return out;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ArrayList<RuleSearch.Labelled>> b = jsc.broadcast(new ArrayList<>(labelled));
    try {
      return jsc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), 64)))
          .flatMap(t -> task(b.value(), cands, thr, pols, profile, perIncident, t).iterator())
          .collect();
    } finally {
      b.destroy();
    }
  }

  static List<RuleSearch.Cell> task(List<RuleSearch.Labelled> labelled, List<RuleSearch.Candidate> cands, List<double[]> thr,
      List<RuleSearch.Policy> pols, NabProfile profile, boolean perIncident, int[] t) {
    List<RuleSearch.Cell> out = new ArrayList<>();
    for (int c = t[1]; c < t[2]; c++) {
      out.addAll(RuleSearch.evaluate(labelled.get(t[0]), c, cands.get(c), pols, thr.get(c), profile, perIncident));
    }
    return out;
  }

  static DetectorSpec spec(SearchSpace.Space space, List<RuleSearch.Policy> policies, RuleSearch.Key k) {
    return RuleSearch.spec(space.candidates().get(k.candidate()), policies.get(k.policy()), k.threshold());
  }

  /** The outer folds: flat (best rule of any family on the training series) or nested family selection. */
  static List<RuleSearch.Fold> folds(List<RuleSearch.Cell> cells, RuleSearch.Objective obj, boolean nested,
      IntFunction<String> familyOf) {
    return nested ? RuleSearch.leaveOneOutNested(cells, obj, familyOf) : RuleSearch.leaveOneOut(cells, obj);
  }

  /** Each fold's rule, training score and held-out score. */
  static List<Fold> perFold(List<RuleSearch.Fold> folds, SearchSpace.Space space, List<RuleSearch.Policy> policies,
      NabProfile profile) {
    List<Fold> out = new ArrayList<>();
    for (RuleSearch.Fold f : folds) {
      RuleSearch.Cell v = f.validated();
      Double held = v.windows() == 0 ? null : NabScorer.normalise(v.raw(), v.windows(), profile);
      out.add(new Fold(f.heldOut(), spec(space, policies, f.trained().key()), f.trained().normalised(profile), held,
          v.windows(), v.detected(), v.falseAlarms()));
    }
    return out;
  }

  /** The expected score on a new series from the folds' held-out scores (folds without windows are left out). */
  static Expected expected(List<Fold> folds) {
    double[] x = folds.stream().filter(f -> f.heldOutScore() != null).mapToDouble(Fold::heldOutScore).toArray();
    Stats.Summary s = Stats.summary(x);
    double mean = s.n() == 0 ? Double.NaN : s.mean().value();
    return new Expected(s.n(), mean, s.sd(), s.mean().ci95Low(), s.mean().ci95High(), s.min(), s.max());
  }

  /** The leaderboard per family, each validated on its own, best validated score first. */
  static List<Family> families(List<String> detectors, List<RuleSearch.Cell> cells, SearchSpace.Space space,
      List<RuleSearch.Policy> policies, RuleSearch.Objective obj) {
    NabProfile profile = obj.profile();
    List<Family> out = new ArrayList<>();
    for (String d : detectors) {
      List<RuleSearch.Cell> fam = cells.stream().filter(x -> space.candidates().get(x.candidate()).detector().equals(d)).toList();
      if (fam.isEmpty()) {
        continue;
      }
      RuleSearch.Totals tr = RuleSearch.select(fam, null, obj);
      List<RuleSearch.Fold> folds = RuleSearch.leaveOneOut(fam, obj);
      RuleSearch.Totals v = RuleSearch.validated(folds);
      double training = TrainingSet.inSample(fam, tr.key()).normalised(profile);
      double validated = v.normalised(profile);
      out.add(new Family(d, (int) space.candidates().stream().filter(x -> x.detector().equals(d)).count(), training,
          validated, training - validated, v.detected(), v.windows(), v.falseAlarmsPerWeek(),
          expected(perFold(folds, space, policies, profile))));
    }
    out.sort((a, b) -> Double.compare(b.validatedScore(), a.validatedScore()));
    return out;
  }

  /**
   * Each series' alerts under the rule tuned without it (series folds), or, for incident folds,
   * each incident block's alerts under the rule tuned without that block (the detector still runs
   * over the whole series, so the block's scores depend only on its past).
   */
  static List<Replay.Applied> validatedAlerts(List<RuleSearch.Labelled> labelled, Map<String, SeriesSource.Loaded> byId,
      List<RuleSearch.Fold> folds, SearchSpace.Space space, List<RuleSearch.Policy> policies, boolean perIncident) {
    Map<String, DetectorSpec> foldRule = new LinkedHashMap<>();
    for (RuleSearch.Fold f : folds) {
      foldRule.put(f.heldOut(), spec(space, policies, f.trained().key()));
    }
    List<Replay.Applied> out = new ArrayList<>();
    for (RuleSearch.Labelled l : labelled) {
      Series s = l.series();
      SeriesSource.Loaded src = byId.get(s.id());
      if (!perIncident) {
        out.add(Replay.apply(s, src.brand(), src.channel(), src.measure(), foldRule.get(s.id()), "tuned without " + s.id(),
            l.windows(), l.peaks()));
        continue;
      }
      NabScorer.FileSweep f = NabScorer.prepare(s.id(), s.bucketStart(), l.windows(), NabProfile.STANDARD);
      int[] blocks = RuleSearch.incidentBlocks(f);
      double[] scores = new double[s.size()];
      boolean[] alerts = new boolean[s.size()];
      Set<String> used = new TreeSet<>();
      DetectorSpec first = null;
      for (int k = 0; k + 1 < blocks.length; k++) {
        DetectorSpec spec = foldRule.get(s.id() + RuleSearch.BLOCK + (k + 1));
        first = first == null ? spec : first;
        used.add(Replay.describe(spec));
        Replay.Run r = Replay.run(spec, s);
        System.arraycopy(r.scores(), blocks[k], scores, blocks[k], blocks[k + 1] - blocks[k]);
        System.arraycopy(r.alerts(), blocks[k], alerts, blocks[k], blocks[k + 1] - blocks[k]);
      }
      out.add(new Replay.Applied(s, src.brand(), src.channel(), src.measure(), first,
          used.size() + " rule(s), each tuned without its incident", new Replay.Run(scores, alerts), l.windows(), l.peaks()));
    }
    return out;
  }
}
