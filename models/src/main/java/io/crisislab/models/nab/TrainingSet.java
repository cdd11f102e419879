package io.crisislab.models.nab;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which series of a tuning run are held out in turn and which only ever train: extra training
 * series ({@code tune --train-extra}) join the training side of every fold, outer and inner, and
 * are never held out or validated on. They broaden what the choices are made on without entering
 * the validated figures.
 */
public final class TrainingSet {
  private TrainingSet() {}

  /** Marker that starts the id of an extra training series. */
  public static final String EXTRA = "+";

  /** True for an extra training series ({@link #EXTRA}). */
  public static boolean isExtra(String cellSeries) {
    return cellSeries.startsWith(EXTRA);
  }

  /** The fold groups held out in turn: every {@link RuleSearch#group} except extra training series. */
  public static Set<String> heldOutGroups(Collection<RuleSearch.Cell> cells) {
    Set<String> out = new TreeSet<>();
    for (RuleSearch.Cell c : cells) {
      if (!isExtra(c.series())) {
        out.add(RuleSearch.group(c.series()));
      }
    }
    return out;
  }

  /**
   * One rule's totals over every series but the extra training ones: its in-sample figure on the
   * series the validated figure is measured on, so that the optimism gap compares like with like.
   */
  public static RuleSearch.Totals inSample(Collection<RuleSearch.Cell> cells, RuleSearch.Key key) {
    Set<String> include = new TreeSet<>();
    for (RuleSearch.Cell c : cells) {
      if (!isExtra(c.series())) {
        include.add(c.series());
      }
    }
    return RuleSearch.totals(cells, include).get(key);
  }
}
