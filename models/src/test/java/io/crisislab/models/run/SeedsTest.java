package io.crisislab.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void samePurposeAndMasterGiveTheSameSeed() {
    assertEquals(Seeds.derive(42, "split"), Seeds.derive(42, "split"));
  }

  @Test
  void purposesAndMastersSeparateTheSeeds() {
    Set<Long> seen = new HashSet<>();
    for (long master : new long[] {0, 1, 42, -1, Long.MAX_VALUE}) {
      for (String p : List.of("split", "folds", "spilt", "s", "ss", "train.split", "généré")) {
        seen.add(Seeds.derive(master, p));
      }
    }
    assertEquals(5 * 7, seen.size());
    // a purpose is not a master-seed offset: neighbouring masters do not shift into each other
    assertNotEquals(Seeds.derive(43, "split"), Seeds.derive(42, "split") + 1);
  }

  @Test
  void stableAcrossJvmsAndReleases() {
    // pinned: a change to the derivation changes every recorded run's split and folds; computed
    // independently (Python, 64-bit wrap-around) from the definition in Seeds' Javadoc
    assertEquals(-5451197592237537131L, Seeds.derive(42, "split"));
    assertEquals(-2955993011212416015L, Seeds.derive(42, "folds"));
  }

  @Test
  void anEmptyPurposeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Seeds.derive(1, ""));
  }
}
