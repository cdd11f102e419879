package io.crisislab.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.jobs.app.CrisisLab;
import io.crisislab.models.stats.Evaluation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flag validation happens before Spark starts: usage errors exit 2 with a message naming the flag. */
class TrainCommandTest {
  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void badFlagsAreUsageErrors() {
    String[] r = run("train", "--posts", "x", "--task", "five-class");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--task"), r[1]);
    r = run("train", "--posts", "x", "--target-precision", "0.9", "--target-recall", "0.8");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("only one of"), r[1]);
    r = run("train", "--posts", "x", "--learner", "linear-svc", "--task", "three-class");
    assertEquals("2", r[0]);
    r = run("train", "--posts", "x", "--char-ngrams", "5..2");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--char-ngrams"), r[1]);
    r = run("train", "--posts", "x", "--cost-fn", "3");
    assertEquals("2", r[0]);
    r = run("score", "--model", "m");
    assertEquals("2", r[0]);
    // the blend blends class probabilities of an n-gram and an encoder model
    r = run("train", "--posts", "x", "--blend");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--blend needs --encoder"), r[1]);
    r = run("train", "--posts", "x", "--blend", "--encoder", "e5-small", "--learner", "naive-bayes");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--blend"), r[1]);
  }

  @Test
  void choicesAreTheirWireNamesAndDefaultsShowInHelp() {
    // the enums parse from their wire names: validation gets past them to --folds
    String[] r = run("train", "--posts", "x", "--task", "three-class", "--learner", "naive-bayes", "--folds-by",
        "random", "--calibration", "isotonic", "--class-weights", "none,balanced", "--folds", "1");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--folds must be >= 2"), r[1]);
    StringWriter out = new StringWriter();
    CrisisLab.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "train", "--help");
    String help = out.toString();
    for (String s : List.of("binary, three-class", "logistic-regression, linear-svc, naive-bayes",
        "default: 3e-5,1e-4,3e-4", "default: platt")) {
      assertTrue(help.replaceAll("\\s+", " ").contains(s), s + " not in help:\n" + help);
    }
  }

  @Test
  void thresholdRulesChooseOnHeldOutPredictions() {
    double[] p = {0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9};
    boolean[] y = {false, false, true, false, true, false, true, true};
    // precision >= 0.75: at t=0.6 flagged {0.6,0.7,0.8,0.9} -> 3/4; lower thresholds fall below
    assertEquals(0.6, ThresholdRule.of(0.75, null, null, null, 0.5).choose(p, y), 0);
    // recall >= 0.75 (3 of 4 negatives): highest such threshold is 0.6
    assertEquals(0.6, ThresholdRule.of(null, 0.75, null, null, 0.5).choose(p, y), 0);
    // missing a negative costs 10, a false alarm 1: flag from 0.3 (cost 2 false alarms) rather than miss 0.3
    assertEquals(0.3, ThresholdRule.of(null, null, 10.0, 1.0, 0.5).choose(p, y), 0);
    assertEquals(0.5, ThresholdRule.of(null, null, null, null, 0.5).choose(p, y), 0);
  }

  @Test
  void evaluationByHand() {
    double[] p = {0.1, 0.4, 0.35, 0.8};
    boolean[] y = {false, false, true, true};
    assertEquals(0.75, Evaluation.aucRoc(p, y), 1e-12);
    // ties count half: positives {0.2, 0.5, 0.9} against negatives {0.2, 0.5}: (0.5 + 0 + 1 + 0.5 + 2) / 6
    assertEquals(4.0 / 6, Evaluation.aucRoc(new double[] {0.2, 0.2, 0.5, 0.5, 0.9},
        new boolean[] {true, false, false, true, true}), 1e-15);
    // AP: thresholds 0.8 (R .5, P 1), 0.4 (R .5), 0.35 (R 1, P 2/3)
    assertEquals(0.5 * 1 + 0.5 * (2.0 / 3), Evaluation.aucPr(p, y), 1e-12);
    // ECE 10 bins: bin1 {0.1:0}, bin3 {0.35:1}, bin4 {0.4:0}, bin8 {0.8:1}
    assertEquals((0.1 + 0.65 + 0.4 + 0.2) / 4, Evaluation.ece(p, y, 10), 1e-12);
    // ROC (fpr, tpr) from (0,0) through each threshold 0.8, 0.4, 0.35, 0.1 to (1,1); PR (recall, precision)
    List<double[]> roc = Evaluation.rocCurve(p, y);
    assertEquals(List.of("0.0,0.0", "0.0,0.5", "0.5,0.5", "0.5,1.0", "1.0,1.0"),
        roc.stream().map(x -> x[0] + "," + x[1]).toList());
    assertEquals(List.of("0.5,1.0", "0.5,0.5", "1.0," + (2.0 / 3), "1.0,0.5"),
        Evaluation.prCurve(p, y).stream().map(x -> x[0] + "," + x[1]).toList());
    long[][] cm = Evaluation.confusion(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2}, 3);
    assertEquals((0.5 + 1 + 1) / 3, Evaluation.macro(Evaluation.recalls(cm), cm), 1e-12);
  }
}
