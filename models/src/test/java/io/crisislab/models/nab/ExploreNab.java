package io.crisislab.models.nab;

import io.crisislab.models.series.NabCsv;
import io.crisislab.models.series.Series;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExploreNab {
  @Test
  void explore() {
    Assumptions.assumeTrue(System.getProperty("explore") != null);
    Path dir = Path.of(System.getProperty("crisislab.shared"), "nab-tweets");
    Map<String, List<Window>> windows = NabWindows.read(dir.resolve("windows.json"));
    List<RuleSearch.Labelled> data = new ArrayList<>();
    for (String s : List.of("AAPL", "FB", "GOOG", "IBM", "KO")) {
      Series se = NabCsv.read(dir.resolve("Twitter_volume_" + s + ".csv")).series();
      data.add(new RuleSearch.Labelled(se, NabWindows.lookup(windows, se.id()), null));
    }
    String det = System.getProperty("explore");
    List<RuleSearch.Candidate> cands = new ArrayList<>();
    double[] thr;
    if (det.equals("surge")) {
      for (int w : new int[] {144, 288, 576, 1152})
        for (int m : new int[] {2016, 4032, 8064})
          for (int r : new int[] {1, 2, 4, 8})
            for (double ms : new double[] {0.1, 1})
              for (int po : new int[] {0, 1})
                cands.add(new RuleSearch.Candidate("surge", Map.of("window", (double) w, "memory", (double) m, "rank", (double) r, "minSd", ms, "poisson", (double) po)));
      thr = new double[] {0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.35, 1.5, 1.75, 2.0, 2.5, 3};
    } else if (det.equals("rolling-z")) {
      for (int w : new int[] {144, 288, 576, 1152, 2016})
        cands.add(new RuleSearch.Candidate("rolling-z", Map.of("window", (double) w)));
      thr = new double[] {3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40};
    } else {
      for (int w : new int[] {288, 1152})
        for (double sz : new double[] {0, 5, 20})
          cands.add(new RuleSearch.Candidate("count-tail", Map.of("trailing", (double) w, "size", sz)));
      thr = new double[] {3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100};
    }
    List<RuleSearch.Policy> pols = new ArrayList<>();
    for (int c : new int[] {72, 144, 288, 576}) pols.add(new RuleSearch.Policy(1, 1, c));
    pols.add(new RuleSearch.Policy(2, 3, 288));
    List<RuleSearch.Cell> cells = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.currentTimeMillis();
    java.util.stream.IntStream.range(0, cands.size()).parallel().forEach(ci -> {
      for (RuleSearch.Labelled l : data) cells.addAll(RuleSearch.evaluate(l, ci, cands.get(ci), pols, thr, NabProfile.STANDARD));
    });
    System.out.println("eval ms " + (System.currentTimeMillis() - t0) + " cells " + cells.size());
    RuleSearch.Objective o = RuleSearch.Objective.nab(NabProfile.STANDARD);
    RuleSearch.Totals in = RuleSearch.select(cells, null, o);
    System.out.printf("in-sample %.2f %s %s %s%n", in.normalised(NabProfile.STANDARD), cands.get(in.key().candidate()), pols.get(in.key().policy()), in.key().threshold());
    List<RuleSearch.Fold> folds = RuleSearch.leaveOneOut(cells, o);
    for (RuleSearch.Fold f : folds)
      System.out.printf("  %s: %.2f raw %s %s %s det %d/%d fa %d%n", f.heldOut(), f.validated().raw(), cands.get(f.trained().key().candidate()), pols.get(f.trained().key().policy()), f.trained().key().threshold(), f.validated().detected(), f.validated().windows(), f.validated().falseAlarms());
    RuleSearch.Totals v = RuleSearch.validated(folds);
    System.out.printf("LOSO %.2f det %d/%d fa/wk %.2f%n", v.normalised(NabProfile.STANDARD), v.detected(), v.windows(), v.falseAlarmsPerWeek());
  }
}
