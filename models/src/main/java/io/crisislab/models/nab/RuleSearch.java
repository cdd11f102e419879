package io.crisislab.models.nab;

import io.crisislab.models.detect.AlertPolicy;
import io.crisislab.models.detect.Detector;
import io.crisislab.models.detect.DetectorSpec;
import io.crisislab.models.detect.Detectors;
import io.crisislab.models.series.Series;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Spark-free core of {@code crisislab tune}: evaluates candidate rules (a detector with
 * parameters × an alert policy × a threshold) on labelled series, selects the best rule for an
 * objective on a set of training series, and validates by leaving one series out. The jobs module
 * distributes {@link #evaluate} over Spark (one task per series × parameter block) and calls
 * {@link #select} and {@link #leaveOneOut} on the collected cells.
 */
public final class RuleSearch {
  private RuleSearch() {}

  /** A detector with fixed parameters (no threshold yet). */
  public record Candidate(String detector, Map<String, Double> params) implements Serializable {
    public Candidate {
      params = Map.copyOf(params);
      Detectors.create(detector, params); // fail fast on a bad grid
    }

    public Detector newDetector() {
      return Detectors.create(detector, params);
    }
  }

  /** Persistence (k of n) and cool-down of a rule. */
  public record Policy(int persistenceK, int persistenceN, int cooldownBuckets) implements Serializable {
    public AlertPolicy at(double threshold) {
      return new AlertPolicy(threshold, persistenceK, persistenceN, cooldownBuckets);
    }
  }

  /** What "best" means. */
  public record Objective(String kind, NabProfile profile, double maxFalseAlarmsPerWeek) implements Serializable {
    public static final String NAB = "nab";
    public static final String CATCH = "catch";

    public Objective {
      if (!NAB.equals(kind) && !CATCH.equals(kind)) {
        throw new IllegalArgumentException("objective must be 'nab' or 'catch', got " + kind);
      }
    }

    /** Maximise the NAB score of {@code profile}. */
    public static Objective nab(NabProfile profile) {
      return new Objective(NAB, profile, Double.NaN);
    }

    /** Most incidents caught with at most {@code perWeek} false alarms a week (NAB standard breaks ties). */
    public static Objective caught(double perWeek) {
      return new Objective(CATCH, NabProfile.STANDARD, perWeek);
    }
  }

  /**
   * The outcome of one rule on one series.
   *
   * @param candidate index into the candidate list
   * @param policy index into the policy list
   * @param threshold the threshold
   * @param series series id
   * @param raw NAB raw score on this series (objective's profile)
   * @param windows windows of the series
   * @param detected windows with an alert
   * @param falseAlarms false alarms (runs of alerts outside windows, after warm-up)
   * @param weeks observed weeks after warm-up
   * @param leadMinutes lead time before the peak of each detected window
   * @param alerts alerting buckets
   */
  public record Cell(int candidate, int policy, double threshold, String series, double raw, int windows,
      int detected, int falseAlarms, double weeks, double[] leadMinutes, int alerts) implements Serializable {}

  /**
   * A labelled series ready for evaluation.
   *
   * @param peaks each window's peak instant (UTC epoch seconds), or null for the window centres
   */
  public record Labelled(Series series, List<Window> windows, long[] peaks) implements Serializable {
    public Labelled {
      windows = List.copyOf(windows);
    }
  }

  /** Separator of a series id and its incident block in leave-one-incident-out cells. */
  public static final String BLOCK = "#";

  /**
   * Splits a prepared series into blocks of one incident each, cut half-way between consecutive
   * windows: bounds {@code [b_k, b_{k+1})}, {@code b_0 = 0}, last = rows. A series without windows
   * is one block.
   */
  public static int[] incidentBlocks(NabScorer.FileSweep f) {
    int w = Math.max(1, f.windows);
    int[] b = new int[w + 1];
    for (int k = 1; k < f.windows; k++) {
      b[k] = (f.windowEnd[k - 1] + f.windowStart[k] + 1) / 2;
    }
    b[w] = f.rows();
    return b;
  }

  /**
   * Evaluates one candidate on one series under every policy and threshold: one cell each, or with
   * {@code perIncident} one cell per incident block ({@link #incidentBlocks}), its series named
   * {@code id#k}, for leave-one-incident-out validation. The detector always runs over the whole
   * series (it is causal), so a block's scores depend only on its past.
   */
  public static List<Cell> evaluate(Labelled l, int candidateIndex, Candidate c, List<Policy> policies,
      double[] thresholds, NabProfile profile, boolean perIncident) {
    Series s = l.series();
    NabScorer.FileSweep f = NabScorer.prepare(s.id(), s.bucketStart(), l.windows(), profile);
    double[] scores = c.newDetector().scoreAll(s.bucketStart(), s.count());
    int warmup = (int) Math.ceil(NabScorer.probationLength(s.size()));
    int[] blocks = perIncident ? incidentBlocks(f) : new int[] {0, s.size()};
    List<Cell> out = new ArrayList<>(policies.size() * thresholds.length * (blocks.length - 1));
    for (int p = 0; p < policies.size(); p++) {
      for (double t : thresholds) {
        boolean[] alerts = policies.get(p).at(t).apply(scores);
        if (!perIncident) {
          out.add(cell(l, f, candidateIndex, p, t, alerts, warmup));
        } else {
          for (int k = 0; k + 1 < blocks.length; k++) {
            out.add(blockCell(l, f, candidateIndex, p, t, alerts, warmup, blocks[k], blocks[k + 1], k + 1));
          }
        }
      }
    }
    return out;
  }

  /** The cell of rows {@code [from, to)} of a series, named {@code id#block}. */
  static Cell blockCell(Labelled l, NabScorer.FileSweep f, int candidate, int policy, double threshold,
      boolean[] alerts, int warmup, int from, int to, int block) {
    Series s = l.series();
    NabScorer.FileScore fs = NabScorer.score(f, alerts, from, to);
    List<Window> ws = new ArrayList<>();
    List<Long> peaks = new ArrayList<>();
    for (int k = 0; k < l.windows().size(); k++) {
      if (f.windowStart[k] >= from && f.windowStart[k] < to) {
        ws.add(l.windows().get(k));
        if (l.peaks() != null) {
          peaks.add(l.peaks()[k]);
        }
      }
    }
    long[] bs = Arrays.copyOfRange(s.bucketStart(), from, to);
    boolean[] al = Arrays.copyOfRange(alerts, from, to);
    OperationalScore.Input in = new OperationalScore.Input(bs, s.bucketSeconds(), al, ws,
        l.peaks() == null ? null : peaks.stream().mapToLong(Long::longValue).toArray(), Math.max(0, warmup - from));
    OperationalScore op = OperationalScore.of(List.of(in));
    double[] leads = OperationalScore.incidents(s.id(), in).stream()
        .filter(i -> i.firstAlert() != null).mapToDouble(OperationalScore.Incident::leadTimeMinutes).toArray();
    int count = 0;
    for (boolean a : al) {
      count += a ? 1 : 0;
    }
    return new Cell(candidate, policy, threshold, s.id() + BLOCK + block, fs.raw(), fs.windows(), op.detected(),
        op.falseAlarms(), op.weeks(), leads, count);
  }

  /** Scores given alerts on one series as a cell. */
  public static Cell cell(Labelled l, NabScorer.FileSweep f, int candidate, int policy, double threshold,
      boolean[] alerts, int warmup) {
    Series s = l.series();
    NabScorer.FileScore fs = NabScorer.score(f, alerts);
    OperationalScore.Input in = new OperationalScore.Input(s.bucketStart(), s.bucketSeconds(), alerts, l.windows(),
        l.peaks(), warmup);
    OperationalScore op = OperationalScore.of(List.of(in));
    double[] leads = OperationalScore.incidents(s.id(), in).stream()
        .filter(i -> i.firstAlert() != null).mapToDouble(OperationalScore.Incident::leadTimeMinutes).toArray();
    int count = 0;
    for (boolean a : alerts) {
      count += a ? 1 : 0;
    }
    return new Cell(candidate, policy, threshold, s.id(), fs.raw(), fs.windows(), op.detected(), op.falseAlarms(),
        op.weeks(), leads, count);
  }

  /** A rule identified by candidate, policy and threshold. */
  public record Key(int candidate, int policy, double threshold) implements Serializable {}

  /** Totals of a rule over several series: the sums of their cells, {@code series} = the number of cells. */
  public record Totals(Key key, double raw, int windows, int detected, int falseAlarms, double weeks, int series) {
    /** The totals of {@code cells} under {@code key} (null where the cells are of several rules). */
    public static Totals of(Key key, Collection<Cell> cells) {
      Totals t = new Totals(key, 0, 0, 0, 0, 0, 0);
      for (Cell c : cells) {
        t = t.plus(c);
      }
      return t;
    }

    /** These totals with one more series' cell. */
    Totals plus(Cell c) {
      return new Totals(key, raw + c.raw(), windows + c.windows(), detected + c.detected(),
          falseAlarms + c.falseAlarms(), weeks + c.weeks(), series + 1);
    }

    public double falseAlarmsPerWeek() {
      return weeks > 0 ? falseAlarms / weeks : 0;
    }

    public double normalised(NabProfile p) {
      return NabScorer.normalise(raw, windows, p);
    }
  }

  /** Sums cells per rule over the series in {@code include} (all series when null). */
  public static Map<Key, Totals> totals(Collection<Cell> cells, Set<String> include) {
    Map<Key, Totals> m = new HashMap<>();
    for (Cell c : cells) {
      if (include != null && !include.contains(c.series())) {
        continue;
      }
      Key k = new Key(c.candidate(), c.policy(), c.threshold());
      m.put(k, m.getOrDefault(k, Totals.of(k, List.of())).plus(c));
    }
    return m;
  }

  /** True when a is strictly better than b under the objective, ignoring the key (score ties are not better). */
  static boolean scoresBetter(Totals a, Totals b, Objective o) {
    if (Objective.CATCH.equals(o.kind())) {
      boolean okA = a.falseAlarmsPerWeek() <= o.maxFalseAlarmsPerWeek();
      boolean okB = b.falseAlarmsPerWeek() <= o.maxFalseAlarmsPerWeek();
      if (okA != okB) {
        return okA;
      }
      if (!okA) {
        return a.falseAlarmsPerWeek() < b.falseAlarmsPerWeek();
      }
      if (a.detected != b.detected) {
        return a.detected > b.detected;
      }
    }
    return a.raw > b.raw;
  }

  /** The better of two totals under the objective (ties: higher threshold, then lower keys). */
  static boolean better(Totals a, Totals b, Objective o) {
    if (b == null || scoresBetter(a, b, o)) {
      return true;
    }
    if (scoresBetter(b, a, o)) {
      return false;
    }
    if (a.key.threshold() != b.key.threshold()) {
      return a.key.threshold() > b.key.threshold();
    }
    if (a.key.candidate() != b.key.candidate()) {
      return a.key.candidate() < b.key.candidate();
    }
    return a.key.policy() < b.key.policy();
  }

  /**
   * The best rule over the series in {@code train} (all when null); null when there are no cells.
   * When several thresholds of the best detector and policy score exactly as well (a plateau: the
   * training data cannot tell them apart), the middle one of the plateau is taken rather than an
   * edge, so the rule keeps a margin on both sides for series it has not seen.
   */
  public static Totals select(Collection<Cell> cells, Set<String> train, Objective o) {
    Map<Key, Totals> all = totals(cells, train);
    int need = train == null ? seriesOf(cells).size() : train.size();
    Totals best = null;
    for (Totals t : all.values()) {
      if (t.series == need && better(t, best, o)) {
        best = t;
      }
    }
    if (best == null) {
      return null;
    }
    return plateauMiddle(all, best, need, o);
  }

  private static Totals plateauMiddle(Map<Key, Totals> all, Totals best, int need, Objective o) {
    List<Totals> plateau = new ArrayList<>();
    for (Totals t : all.values()) {
      if (t.series == need && t.key.candidate() == best.key.candidate() && t.key.policy() == best.key.policy()
          && !scoresBetter(t, best, o) && !scoresBetter(best, t, o)) {
        plateau.add(t);
      }
    }
    plateau.sort((a, b) -> Double.compare(a.key.threshold(), b.key.threshold()));
    // only a contiguous run of thresholds around the best counts as its plateau
    List<Double> grid = all.keySet().stream().filter(k -> k.candidate() == best.key.candidate()
        && k.policy() == best.key.policy()).map(Key::threshold).distinct().sorted().toList();
    int at = grid.indexOf(best.key.threshold());
    int lo = at;
    int hi = at;
    java.util.Set<Double> tied = new java.util.HashSet<>();
    for (Totals t : plateau) {
      tied.add(t.key.threshold());
    }
    while (lo > 0 && tied.contains(grid.get(lo - 1))) {
      lo--;
    }
    while (hi + 1 < grid.size() && tied.contains(grid.get(hi + 1))) {
      hi++;
    }
    double mid = grid.get((lo + hi) / 2);
    return all.get(new Key(best.key.candidate(), best.key.policy(), mid));
  }

  /** Series ids present in the cells. */
  public static Set<String> seriesOf(Collection<Cell> cells) {
    Set<String> s = new java.util.TreeSet<>();
    for (Cell c : cells) {
      s.add(c.series());
    }
    return s;
  }

  /** One fold of leave-one-series-out: the rule chosen without {@code heldOut} and its cell on it. */
  public record Fold(String heldOut, Totals trained, Cell validated) {}

  /** Leave-one-series-out validation over every series in the cells. */
  public static List<Fold> leaveOneOut(Collection<Cell> cells, Objective o) {
    Set<String> all = seriesOf(cells);
    Map<String, Map<Key, Cell>> bySeries = new HashMap<>();
    for (Cell c : cells) {
      bySeries.computeIfAbsent(c.series(), k -> new HashMap<>()).put(new Key(c.candidate(), c.policy(), c.threshold()), c);
    }
    List<Fold> folds = new ArrayList<>();
    for (String held : TrainingSet.heldOutGroups(cells)) {
      Set<String> train = new java.util.TreeSet<>();
      for (String s : all) {
        if (!group(s).equals(held)) {
          train.add(s);
        }
      }
      Totals best = select(cells, train, o);
      Map<Key, Cell> heldCells = bySeries.get(held);
      folds.add(new Fold(held, best, best == null || heldCells == null ? null : heldCells.get(best.key())));
    }
    return folds;
  }

  /**
   * Nested leave-one-series-out: in each outer fold the detector family is chosen by an inner
   * leave-one-out over the training series only (the family whose held-in rules validate best),
   * then that family's best rule on all training series is applied to the held-out series. Picking
   * a family by its validated rather than its training score guards against the family with the
   * most freedom winning by overfitting.
   *
   * @param familyOf the family (detector name) of a candidate index
   */
  public static List<Fold> leaveOneOutNested(Collection<Cell> cells, Objective o, java.util.function.IntFunction<String> familyOf) {
    Map<String, Map<Key, Cell>> bySeries = new HashMap<>();
    for (Cell c : cells) {
      bySeries.computeIfAbsent(c.series(), k -> new HashMap<>()).put(new Key(c.candidate(), c.policy(), c.threshold()), c);
    }
    List<Fold> folds = new ArrayList<>();
    for (String held : TrainingSet.heldOutGroups(cells)) {
      List<Cell> train = cells.stream().filter(c -> !group(c.series()).equals(held)).toList();
      String family = bestFamily(train, o, familyOf);
      List<Cell> fam = family == null ? train : train.stream().filter(c -> familyOf.apply(c.candidate()).equals(family)).toList();
      Totals best = select(fam, null, o);
      Map<Key, Cell> heldCells = bySeries.get(held);
      folds.add(new Fold(held, best, best == null || heldCells == null ? null : heldCells.get(best.key())));
    }
    return folds;
  }

  /**
   * The family whose leave-one-out validated totals are best under the objective, or null when
   * there are fewer than two series groups to validate with.
   */
  public static String bestFamily(Collection<Cell> cells, Objective o, java.util.function.IntFunction<String> familyOf) {
    Map<String, List<Cell>> byFamily = new java.util.TreeMap<>();
    for (Cell c : cells) {
      byFamily.computeIfAbsent(familyOf.apply(c.candidate()), k -> new ArrayList<>()).add(c);
    }
    if (TrainingSet.heldOutGroups(cells).size() < 2) {
      return null;
    }
    String bestName = null;
    Totals best = null;
    for (Map.Entry<String, List<Cell>> e : byFamily.entrySet()) {
      List<Fold> folds = leaveOneOut(e.getValue(), o);
      if (folds.stream().anyMatch(f -> f.validated() == null)) {
        continue;
      }
      Totals v = validated(folds);
      if (best == null || scoresBetter(v, best, o)) {
        best = v;
        bestName = e.getKey();
      }
    }
    return bestName;
  }

  /** Marker of a thinned training copy in a series id: {@code id@q=0.1} (or {@code id@q=0.1#k} for a block). */
  public static final String COPY = "@q=";

  /**
   * The fold group of a cell's series: its id without a thinned-copy marker, so that a series and
   * its thinned copies are always held out together (and only the original is validated on).
   */
  public static String group(String cellSeries) {
    int at = cellSeries.indexOf(COPY);
    if (at < 0) {
      return cellSeries;
    }
    int block = cellSeries.indexOf(BLOCK, at);
    return cellSeries.substring(0, at) + (block < 0 ? "" : cellSeries.substring(block));
  }

  /** Validated totals: the held-out cells of the folds summed (no further threshold sweep). */
  public static Totals validated(List<Fold> folds) {
    return Totals.of(null, folds.stream().map(Fold::validated).toList());
  }

  /** The spec of a selected rule. */
  public static DetectorSpec spec(Candidate c, Policy p, double threshold) {
    return new DetectorSpec(c.detector(), c.params(), threshold, p.persistenceK(), p.persistenceN(), p.cooldownBuckets());
  }
}
