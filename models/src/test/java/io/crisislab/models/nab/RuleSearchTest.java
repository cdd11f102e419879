package io.crisislab.models.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSearchTest {
  static RuleSearch.Cell cell(String series, int cand, double thr, double raw, int detected, int fa) {
    return new RuleSearch.Cell(cand, 0, thr, series, raw, 2, detected, fa, 1.0, new double[0], detected + fa);
  }

  @Test
  void leaveOneOutChoosesWithoutTheHeldOutSeries() {
    List<RuleSearch.Cell> cells = new ArrayList<>();
    // candidate 0 is great on a and b, useless on c; candidate 1 is fair everywhere
    for (String s : List.of("a", "b")) {
      cells.add(cell(s, 0, 1, 2.0, 2, 0));
      cells.add(cell(s, 1, 1, 1.0, 1, 0));
    }
    cells.add(cell("c", 0, 1, -2.0, 0, 0));
    cells.add(cell("c", 1, 1, 1.0, 1, 0));
    RuleSearch.Objective o = RuleSearch.Objective.nab(NabProfile.STANDARD);
    // in-sample over all three: candidate 0 totals 2.0, candidate 1 totals 3.0
    assertEquals(1, RuleSearch.select(cells, null, o).key().candidate());
    List<RuleSearch.Fold> folds = RuleSearch.leaveOneOut(cells, o);
    assertEquals(List.of("a", "b", "c"), folds.stream().map(RuleSearch.Fold::heldOut).toList());
    // holding out a: b and c together prefer candidate 1 (2.0 vs 0.0)
    assertEquals(1, folds.get(0).trained().key().candidate());
    assertEquals(1.0, folds.get(0).validated().raw());
    // holding out c: a and b prefer candidate 0, which fails on c
    assertEquals(0, folds.get(2).trained().key().candidate());
    assertEquals(-2.0, folds.get(2).validated().raw());
    assertEquals(1.0 + 1.0 - 2.0, RuleSearch.validated(folds).raw(), 1e-12);
  }

  @Test
  void thinnedCopiesAreHeldOutWithTheirSeriesAndNeverValidatedOn() {
    assertEquals("a.csv", RuleSearch.group("a.csv@q=0.1"));
    assertEquals("a.csv#2", RuleSearch.group("a.csv@q=0.1#2"));
    assertEquals("a.csv#2", RuleSearch.group("a.csv#2"));
    List<RuleSearch.Cell> cells = new ArrayList<>();
    for (String s : List.of("a", "a@q=0.3", "b", "b@q=0.3")) {
      cells.add(cell(s, 0, 1, s.equals("b@q=0.3") ? 5.0 : 1.0, 1, 0));
      cells.add(cell(s, 1, 1, 2.0, 1, 0));
    }
    List<RuleSearch.Fold> folds = RuleSearch.leaveOneOut(cells, RuleSearch.Objective.nab(NabProfile.STANDARD));
    assertEquals(List.of("a", "b"), folds.stream().map(RuleSearch.Fold::heldOut).toList());
    // holding out a (and its copy): b + b's copy prefer candidate 0 (6.0 vs 4.0)
    assertEquals(0, folds.get(0).trained().key().candidate());
    assertEquals("a", folds.get(0).validated().series());
  }

  @Test
  void extraTrainingSeriesJoinEveryFoldsTrainingAndAreNeverHeldOut() {
    List<RuleSearch.Cell> cells = new ArrayList<>();
    // a and b alone prefer candidate 0 (it wins on each by 0.5); the extra series prefers candidate 1 by 2
    for (String s : List.of("a", "b")) {
      cells.add(cell(s, 0, 1, 1.5, 2, 0));
      cells.add(cell(s, 1, 1, 1.0, 2, 0));
    }
    String extra = TrainingSet.EXTRA + "gen:brand/web";
    cells.add(cell(extra, 0, 1, -1.0, 0, 0));
    cells.add(cell(extra, 1, 1, 1.0, 2, 0));
    RuleSearch.Objective o = RuleSearch.Objective.nab(NabProfile.STANDARD);
    List<RuleSearch.Fold> folds = RuleSearch.leaveOneOut(cells, o);
    assertEquals(List.of("a", "b"), folds.stream().map(RuleSearch.Fold::heldOut).toList());
    // holding out a: b (1.5 vs 1.0) plus the extra series (-1.0 vs 1.0) choose candidate 1
    assertEquals(1, folds.get(0).trained().key().candidate());
    assertEquals(2, folds.get(0).trained().series());
    assertEquals(List.of("a", "b"), TrainingSet.heldOutGroups(cells).stream().toList());
    // one held-out group is too few to choose a family by inner validation, extra series or not
    assertNull(RuleSearch.bestFamily(cells.stream().filter(c -> !c.series().equals("b")).toList(), o, i -> "f" + i));
  }

  @Test
  void tiedThresholdsTakeTheMiddleOfThePlateau() {
    List<RuleSearch.Cell> cells = new ArrayList<>();
    double[] thr = {1, 2, 3, 4, 5, 6};
    double[] raw = {0.5, 1.0, 1.0, 1.0, 1.0, 0.2};
    for (int i = 0; i < thr.length; i++) {
      cells.add(cell("a", 0, thr[i], raw[i], 1, 0));
    }
    assertEquals(3.0, RuleSearch.select(cells, null, RuleSearch.Objective.nab(NabProfile.STANDARD)).key().threshold());
    assertNull(RuleSearch.select(List.of(), null, RuleSearch.Objective.nab(NabProfile.STANDARD)));
  }

  @Test
  void catchObjectiveRespectsTheFalseAlarmBudget() {
    List<RuleSearch.Cell> cells = List.of(cell("a", 0, 1, 1.0, 2, 5), cell("a", 1, 1, 0.5, 1, 1), cell("a", 2, 1, 0.9, 1, 0));
    // 5 false alarms in 1 week breaks a budget of 1; of the two within it, equal catches: higher NAB raw
    RuleSearch.Totals t = RuleSearch.select(cells, null, RuleSearch.Objective.caught(1.0));
    assertEquals(2, t.key().candidate());
  }

  @Test
  void nestedSelectionPicksTheFamilyThatValidates() {
    // family "wild" (candidates 0, 1) fits each series with a different candidate, so it wins in-sample
    // but not out of sample; family "steady" (candidate 2) is decent everywhere
    List<RuleSearch.Cell> cells = new ArrayList<>();
    String[] series = {"a", "b", "c", "d"};
    for (int i = 0; i < series.length; i++) {
      cells.add(cell(series[i], 0, 1, i < 2 ? 2.0 : -2.0, 1, 0));
      cells.add(cell(series[i], 1, 1, i < 2 ? -2.0 : 2.0, 1, 0));
      cells.add(cell(series[i], 2, 1, 1.0, 1, 0));
    }
    java.util.function.IntFunction<String> fam = c -> c < 2 ? "wild" : "steady";
    RuleSearch.Objective o = RuleSearch.Objective.nab(NabProfile.STANDARD);
    assertEquals("steady", RuleSearch.bestFamily(cells, o, fam));
    List<RuleSearch.Fold> nested = RuleSearch.leaveOneOutNested(cells, o, fam);
    assertEquals(4, nested.size());
    for (RuleSearch.Fold f : nested) {
      assertEquals(2, f.trained().key().candidate(), f.heldOut());
    }
    assertEquals(4.0, RuleSearch.validated(nested).raw(), 1e-12);
  }
}
