package io.crisislab.models.nab;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Family selection that asks whether a rule keeps working when the series gets quieter. Within each
 * family the rule (parameters, policy, threshold) is still chosen on the training originals only;
 * the <em>family</em> is then the one whose rule scores best at its worst volume: on the training
 * originals, or on the thinned copies of those same training series at one q ("check copies":
 * each post kept with probability q), whichever is lowest (ties: the best pooled over all
 * volumes). A family whose threshold is set in raw units wins on the originals and loses on the
 * copies, so it is not picked for a series it has never seen, which may be ten or thirty times
 * quieter.
 *
 * <p>What the selection sees: cells of the training series and of their own thinned copies. The
 * held-out series and every copy of it are never seen (a copy's fold group is its original's,
 * {@link RuleSearch#group}). Check copies set no threshold and no parameter: they only rank families.
 *
 * <p>Each volume carries the same windows, so raw NAB scores compare across volumes as normalised
 * ones do; under the {@code catch} objective totals compare as {@link RuleSearch#scoresBetter}
 * does for any totals (budget first, then detections).
 */
public final class VolumeSelection {
  private VolumeSelection() {}

  /**
   * One family's standing in one selection.
   *
   * @param originals its rule chosen on the originals, with its totals there (in-sample)
   * @param worst the totals at the volume where it scores worst (originals or the copies of one q;
   *     with {@code nested}, inner-validated)
   * @param pooled the totals over the originals and all copies together
   */
  public record Standing(String family, RuleSearch.Totals originals, RuleSearch.Totals worst, RuleSearch.Totals pooled) {}

  /**
   * Leave-one-series-out with each fold's family chosen by its worst volume.
   *
   * @param cells cells of the originals (and of any {@code --augment-thin} training copies)
   * @param checks cells of the check copies, series ids marked {@link RuleSearch#COPY}
   * @param nested score each family by an inner leave-one-out (validated) rather than in-sample
   */
  public static List<RuleSearch.Fold> leaveOneOut(Collection<RuleSearch.Cell> cells, Collection<RuleSearch.Cell> checks,
      RuleSearch.Objective o, IntFunction<String> familyOf, boolean nested) {
    Map<String, Map<RuleSearch.Key, RuleSearch.Cell>> bySeries = index(cells);
    List<RuleSearch.Fold> folds = new ArrayList<>();
    for (String held : TrainingSet.heldOutGroups(cells)) {
      List<RuleSearch.Cell> train = cells.stream().filter(c -> !RuleSearch.group(c.series()).equals(held)).toList();
      List<RuleSearch.Cell> trainChecks = checks.stream().filter(c -> !RuleSearch.group(c.series()).equals(held)).toList();
      Standing best = best(standings(train, trainChecks, o, familyOf, nested), o);
      RuleSearch.Totals rule = best == null ? null : best.originals();
      Map<RuleSearch.Key, RuleSearch.Cell> heldCells = bySeries.get(held);
      folds.add(new RuleSearch.Fold(held, rule, rule == null || heldCells == null ? null : heldCells.get(rule.key())));
    }
    return folds;
  }

  /**
   * Each family's rule chosen on the originals in {@code cells} and its totals pooled with the
   * check copies: in-sample, or with {@code nested} each inner fold's rule on its held-out original
   * and that original's copies.
   */
  public static List<Standing> standings(Collection<RuleSearch.Cell> cells, Collection<RuleSearch.Cell> checks,
      RuleSearch.Objective o, IntFunction<String> familyOf, boolean nested) {
    Map<String, List<RuleSearch.Cell>> byFamily = new TreeMap<>();
    for (RuleSearch.Cell c : cells) {
      byFamily.computeIfAbsent(familyOf.apply(c.candidate()), k -> new ArrayList<>()).add(c);
    }
    Map<String, Map<RuleSearch.Key, RuleSearch.Cell>> checkBySeries = index(checks);
    Map<String, List<String>> copiesOf = new HashMap<>();
    for (String s : checkBySeries.keySet()) {
      copiesOf.computeIfAbsent(RuleSearch.group(s), k -> new ArrayList<>()).add(s);
    }
    List<Standing> out = new ArrayList<>();
    for (Map.Entry<String, List<RuleSearch.Cell>> e : byFamily.entrySet()) {
      RuleSearch.Totals rule = RuleSearch.select(e.getValue(), null, o);
      if (rule == null) {
        continue;
      }
      List<RuleSearch.Cell> pooled = new ArrayList<>();
      if (nested) {
        List<RuleSearch.Fold> inner = RuleSearch.leaveOneOut(e.getValue(), o);
        if (inner.size() < 2 || inner.stream().anyMatch(f -> f.validated() == null)) {
          continue;
        }
        for (RuleSearch.Fold f : inner) {
          pooled.add(f.validated());
          addCopies(pooled, f.heldOut(), f.trained().key(), copiesOf, checkBySeries);
        }
      } else {
        Set<String> groups = new TreeSet<>();
        for (RuleSearch.Cell c : e.getValue()) {
          if (new RuleSearch.Key(c.candidate(), c.policy(), c.threshold()).equals(rule.key())) {
            pooled.add(c);
            groups.add(RuleSearch.group(c.series()));
          }
        }
        for (String g : groups) {
          addCopies(pooled, g, rule.key(), copiesOf, checkBySeries);
        }
      }
      Map<String, List<RuleSearch.Cell>> byVolume = new TreeMap<>();
      for (RuleSearch.Cell c : pooled) {
        byVolume.computeIfAbsent(volume(c.series()), k -> new ArrayList<>()).add(c);
      }
      RuleSearch.Totals worst = null;
      for (List<RuleSearch.Cell> v : byVolume.values()) {
        RuleSearch.Totals t = RuleSearch.Totals.of(null, v);
        worst = worst == null || RuleSearch.scoresBetter(worst, t, o) ? t : worst;
      }
      if (worst != null) {
        out.add(new Standing(e.getKey(), rule, worst, RuleSearch.Totals.of(null, pooled)));
      }
    }
    return out;
  }

  /**
   * The volume level of a cell's series: the q of a thinned copy, "" for an original, or for an
   * extra training series ({@link TrainingSet#EXTRA}) its source folder: a set generated at other
   * volumes is a volume of its own, where the family's rule must hold up too.
   */
  static String volume(String cellSeries) {
    if (TrainingSet.isExtra(cellSeries)) {
      int colon = cellSeries.indexOf(':');
      return colon < 0 ? cellSeries : cellSeries.substring(0, colon);
    }
    int at = cellSeries.indexOf(RuleSearch.COPY);
    if (at < 0) {
      return "";
    }
    int block = cellSeries.indexOf(RuleSearch.BLOCK, at);
    return cellSeries.substring(at + RuleSearch.COPY.length(), block < 0 ? cellSeries.length() : block);
  }

  /** The standing with the best worst-volume totals (ties: best pooled, then the first family by name). */
  public static Standing best(List<Standing> standings, RuleSearch.Objective o) {
    Standing best = null;
    for (Standing s : standings) {
      if (best == null || RuleSearch.scoresBetter(s.worst(), best.worst(), o)
          || !RuleSearch.scoresBetter(best.worst(), s.worst(), o) && RuleSearch.scoresBetter(s.pooled(), best.pooled(), o)) {
        best = s;
      }
    }
    return best;
  }

  private static void addCopies(List<RuleSearch.Cell> out, String series, RuleSearch.Key key, Map<String, List<String>> copiesOf,
      Map<String, Map<RuleSearch.Key, RuleSearch.Cell>> checkBySeries) {
    for (String copy : copiesOf.getOrDefault(RuleSearch.group(series), List.of())) {
      RuleSearch.Cell c = checkBySeries.get(copy).get(key);
      if (c != null) {
        out.add(c);
      }
    }
  }

  private static Map<String, Map<RuleSearch.Key, RuleSearch.Cell>> index(Collection<RuleSearch.Cell> cells) {
    Map<String, Map<RuleSearch.Key, RuleSearch.Cell>> m = new HashMap<>();
    for (RuleSearch.Cell c : cells) {
      m.computeIfAbsent(c.series(), k -> new HashMap<>()).put(new RuleSearch.Key(c.candidate(), c.policy(), c.threshold()), c);
    }
    return m;
  }
}
