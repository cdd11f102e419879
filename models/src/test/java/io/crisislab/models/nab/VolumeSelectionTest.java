package io.crisislab.models.nab;

import static io.crisislab.models.nab.RuleSearchTest.cell;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class VolumeSelectionTest {
  private static final RuleSearch.Objective NAB = RuleSearch.Objective.nab(NabProfile.STANDARD);
  // candidate 0: family "raw" (threshold in raw units); candidate 1: family "free" (scale-free)
  private static final IntFunction<String> FAMILY = i -> i == 0 ? "raw" : "free";

  /** "raw" beats "free" on every original but collapses on quiet copies; the held-out copies say the opposite. */
  private static List<RuleSearch.Cell> originals() {
    List<RuleSearch.Cell> cells = new ArrayList<>();
    for (String s : List.of("a", "b", "c")) {
      cells.add(cell(s, 0, 1, 1.5, 2, 0));
      cells.add(cell(s, 1, 1, 1.0, 2, 1));
    }
    return cells;
  }

  private static List<RuleSearch.Cell> checks(String heldOut) {
    List<RuleSearch.Cell> cells = new ArrayList<>();
    for (String s : List.of("a", "b", "c")) {
      String copy = s + RuleSearch.COPY + 0.03;
      boolean held = s.equals(heldOut);
      // on the training copies "raw" misses everything; on the held-out copy it would be perfect
      cells.add(cell(copy, 0, 1, held ? 5.0 : -1.0, held ? 2 : 0, 0));
      cells.add(cell(copy, 1, 1, held ? -3.0 : 0.8, held ? 0 : 2, 1));
    }
    return cells;
  }

  private static String best(List<RuleSearch.Cell> cells, List<RuleSearch.Cell> checks, boolean nested) {
    return VolumeSelection.best(VolumeSelection.standings(cells, checks, NAB, FAMILY, nested), NAB).family();
  }

  @Test
  void theFamilyThatSurvivesThinningWinsThoughItLosesOnTheOriginals() {
    List<RuleSearch.Cell> cells = originals();
    assertEquals(0, RuleSearch.select(cells, null, NAB).key().candidate());
    assertEquals("free", best(cells, checks(null), false));
    assertEquals("free", best(cells, checks(null), true));
    // without check copies the criterion is the originals alone
    assertEquals("raw", best(cells, List.of(), false));
  }

  @Test
  void theHeldOutSeriesCopiesNeverInfluenceItsFold() {
    // c's copy favours "raw" so strongly that counting it would pick "raw"; holding out c, only a's
    // and b's copies may count
    List<RuleSearch.Fold> folds = VolumeSelection.leaveOneOut(originals(), checks("c"), NAB, FAMILY, false);
    assertEquals(List.of("a", "b", "c"), folds.stream().map(RuleSearch.Fold::heldOut).toList());
    RuleSearch.Fold c = folds.get(2);
    assertEquals(1, c.trained().key().candidate());
    assertEquals("c", c.validated().series());
    // the rule's training totals are on the originals only (two series), not pooled with copies
    assertEquals(2, c.trained().series());
    assertEquals(2.0, c.trained().raw(), 1e-12);
  }

  @Test
  void pooledStandingIsTheOriginalsPlusTheirCopies() {
    List<VolumeSelection.Standing> s = VolumeSelection.standings(originals(), checks(null), NAB, FAMILY, false);
    VolumeSelection.Standing free = s.stream().filter(x -> x.family().equals("free")).findFirst().orElseThrow();
    assertEquals(3 * 1.0 + 3 * 0.8, free.pooled().raw(), 1e-12);
    assertEquals(12, free.pooled().windows());
    assertEquals(6, free.pooled().falseAlarms());
    // its worst volume is the copies (2.4 < 3.0); "raw"'s is the copies too (-3.0 < 4.5)
    assertEquals(2.4, free.worst().raw(), 1e-12);
    VolumeSelection.Standing raw = s.stream().filter(x -> x.family().equals("raw")).findFirst().orElseThrow();
    assertEquals(-3.0, raw.worst().raw(), 1e-12);
    assertEquals("0.03", VolumeSelection.volume("a@q=0.03#2"));
    assertEquals("", VolumeSelection.volume("a#2"));
    assertEquals("+gen-lo", VolumeSelection.volume("+gen-lo:brand/web"));
  }

  @Test
  void anExtraTrainingSetIsAVolumeOfItsOwn() {
    // no check copies: the extra quiet set alone shows that "raw" collapses at low volume
    List<RuleSearch.Cell> cells = originals();
    for (String s : List.of("+gen-lo:x/web", "+gen-lo:y/web")) {
      cells.add(cell(s, 0, 1, -1.5, 0, 0));
      cells.add(cell(s, 1, 1, 0.9, 2, 0));
    }
    // "raw"'s worst volume is the extra set (-3.0 over its two series), "free"'s the originals (3.0)
    List<VolumeSelection.Standing> s = VolumeSelection.standings(cells, List.of(), NAB, FAMILY, false);
    VolumeSelection.Standing raw = s.stream().filter(x -> x.family().equals("raw")).findFirst().orElseThrow();
    assertEquals(-3.0, raw.worst().raw(), 1e-12);
    assertEquals(4, raw.worst().windows());
    assertEquals("free", VolumeSelection.best(s, NAB).family());
    // the extra series are never held out
    List<RuleSearch.Fold> folds = VolumeSelection.leaveOneOut(cells, List.of(), NAB, FAMILY, false);
    assertEquals(List.of("a", "b", "c"), folds.stream().map(RuleSearch.Fold::heldOut).toList());
  }
}
