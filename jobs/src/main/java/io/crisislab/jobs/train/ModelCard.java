package io.crisislab.jobs.train;

import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.scorer.EncoderBlock;
import io.crisislab.models.scorer.FeatureBlock;
import io.crisislab.models.scorer.LinearHead;
import io.crisislab.models.scorer.ScorerFile;
import io.crisislab.models.stats.Evaluation;
import io.crisislab.models.stats.Stats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes {@code model-card.html} (self-contained: charts are PNGs inlined as base64) and
 * {@code model-card.md} (the same tables; charts are in the HTML only). All post text is
 * HTML-escaped and @handles are replaced by {@code @user}, so no author handle appears.
 */
final class ModelCard {
  private ModelCard() {}

  @SuppressWarnings("unchecked")
  static void write(Path dir, TrainJob.Config c, Map<String, Object> m, List<Row> rows, List<String> classNames,
      ScorerFile scorer, Search search) {
    boolean binary = c.binary();
    boolean[] y = Metrics.truthNegative(rows, binary);
    double[] p = Metrics.column(rows, 6);
    double[] pRaw = Metrics.column(rows, 5);

    StringBuilder md = new StringBuilder();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Model card</title><style>"
        + "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "td.t{text-align:left;max-width:600px}img{margin:4px}</style></head><body>\n");
    String title = "Negativity classifier: " + c.task() + ", " + c.learner();
    html.append("<h1>").append(esc(title)).append("</h1>\n");
    md.append("# ").append(title).append("\n\n");

    // data and split
    List<String[]> data = new ArrayList<>();
    data.add(new String[] {"training posts", c.posts().toString()});
    data.add(new String[] {"test posts", c.testPosts() == null ? "split from the training posts" : c.testPosts().toString()});
    if (c.valPosts() != null) {
      data.add(new String[] {"validation posts", c.valPosts().toString()});
    }
    data.add(new String[] {"split", String.valueOf(m.get("split"))});
    data.add(new String[] {"n_train / n_test", m.get("nTrain") + " / " + m.get("nTest")});
    data.add(new String[] {"negative share in test", f(m.get("negativeShareTest"))});
    Map<String, Object> hp = (Map<String, Object>) m.get("hyperparameters");
    data.add(new String[] {"hyperparameters chosen on", String.valueOf(hp.get("heldOut"))});
    data.add(new String[] {"chosen", String.valueOf(hp.get("chosen"))});
    if (m.get("blend") instanceof Map<?, ?> blend && !Boolean.TRUE.equals(blend.get("chosen"))) {
      data.add(new String[] {"stacked blend (--blend, not chosen)", String.valueOf(blend)});
    }
    String ngrams = scorer.blocks().size() < 2 ? "" : "normaliser v" + scorer.normalizerVersion() + "; word 1-2-grams "
        + scorer.blocks().get(0).vocabulary().size() + " terms, char " + scorer.blocks().get(1).minN() + "-"
        + scorer.blocks().get(1).maxN() + "-grams " + scorer.blocks().get(1).vocabulary().size() + " terms; TF-IDF, L2 per block";
    EncoderBlock enc = scorer.encoder();
    String embedding = enc == null ? "" : String.format(Locale.ROOT, "%s%s embedding (%d dims, weight %s, prefix '%s'): %s, "
        + "model file SHA-256 %s", ngrams.isEmpty() ? "" : " ⊕ ", enc.encoder(), enc.dimension(), enc.blockWeight(),
        enc.prefix(), enc.coordinates(), enc.modelSha256());
    data.add(new String[] {"features", ngrams + embedding});
    section("Data and split", data, new String[] {"item", "value"}, md, html);

    // metrics
    List<String[]> met = new ArrayList<>();
    for (String k : List.of("aucRoc", "aucPr", "macroRecall", "macroF1", "accuracy", "negativePrecision",
        "negativeRecall", "ece", "eceBeforeCalibration", "threshold")) {
      met.add(new String[] {k, f(m.get(k))});
    }
    Map<String, Object> boot = (Map<String, Object>) m.get("bootstrap");
    for (String k : List.of("macroRecall", "aucRoc", "ece")) {
      Stats.Estimate e = (Stats.Estimate) boot.get(k);
      met.add(new String[] {k + " 95% interval (bootstrap, " + boot.get("resamples") + " resamples of the test posts)",
          f(e.ci95Low()) + " to " + f(e.ci95High())});
    }
    Map<String, Object> peer = (Map<String, Object>) m.get("peer");
    if (peer != null) {
      Stats.Estimate pm = (Stats.Estimate) peer.get("peerMacroRecall");
      Stats.Estimate d = (Stats.Estimate) peer.get("macroRecallMinusPeer");
      met.add(new String[] {"peer macroRecall (" + peer.get("predictions") + ")", f(pm.value()) + " (" + f(pm.ci95Low())
          + " to " + f(pm.ci95High()) + ")"});
      met.add(new String[] {"macroRecall minus peer, paired bootstrap", f(d.value()) + " (" + f(d.ci95Low()) + " to "
          + f(d.ci95High()) + "): " + (Boolean.TRUE.equals(peer.get("betterThanPeer")) ? "better" : "not shown better")});
    }
    if (m.get("blend") instanceof Map<?, ?> blend && blend.get("testVersusBestSingle") instanceof Map<?, ?> g) {
      for (String k : List.of("aucRoc", "macroRecall")) {
        Stats.Estimate d = (Stats.Estimate) g.get(k + "MinusBestSingle");
        met.add(new String[] {k + ": blend minus the best single model (" + g.get("bestSingle") + ": " + f(g.get(k
            + "BestSingle")) + "), paired bootstrap", f(d.value()) + " (" + f(d.ci95Low()) + " to " + f(d.ci95High())
            + "): " + (d.ci95Low() != null && d.ci95Low() > 0 ? "better" : "not shown better")});
      }
    }
    met.add(new String[] {"threshold rule", String.valueOf(m.get("thresholdRule"))});
    Map<String, Object> cal = (Map<String, Object>) m.get("calibration");
    met.add(new String[] {"calibration", cal.get("method") + " (chosen by " + cal.get("chosenBy") + "), fitted on "
        + cal.get("fittedOn")});
    section("Test metrics (negative is the positive class)", met, new String[] {"metric", "value"}, md, html);

    // calibration tried
    List<String[]> calRows = new ArrayList<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) cal.get("tried")).entrySet()) {
      Map<String, Object> t = (Map<String, Object>) e.getValue();
      calRows.add(new String[] {e.getKey(), f(t.get("eceHeldOut")), f(t.get("eceHeldOutCrossFitted")),
          f(t.get("eceTest"))});
    }
    section("Calibration methods tried (ECE, 10 bins)", calRows,
        new String[] {"method", "held-out (map fitted on it)", "held-out, cross-fitted", "test"}, md, html);
    if (cal.get("forward") instanceof Map<?, ?> fw) {
      List<String[]> fwRows = new ArrayList<>();
      for (Object o : (List<Object>) fw.get("candidates")) {
        Map<String, Object> k = (Map<String, Object>) o;
        fwRows.add(new String[] {k.get("method") + ", " + k.get("window") + (Boolean.TRUE.equals(k.get("chosen"))
            ? " (chosen)" : ""), f(k.get("eceForward")), f(k.get("eceTest"))});
      }
      section("Calibration chosen forward in time (ECE, 10 bins; " + fw.get("scoredOn") + ", n=" + fw.get("nScored")
          + ")", fwRows, new String[] {"map, blocks it is fitted on", "held-out, forward (chooses)", "test"}, md, html);
    }
    if (cal.get("priorShift") instanceof Map<?, ?> ps) {
      Map<String, Object> t = (Map<String, Object>) ps.get("test");
      List<String[]> psRows = new ArrayList<>();
      psRows.add(new String[] {"ECE, forward on held-out blocks 2 .. B (n=" + ps.get("nScored") + "): static / adjusted",
          f(ps.get("eceForwardStatic")) + " / " + f(ps.get("eceForwardAdjusted")) + ": "
          + (Boolean.TRUE.equals(ps.get("adopted")) ? "adopted" : "not adopted")});
      for (PriorShiftCheck.Block k : (List<PriorShiftCheck.Block>) ps.get("blocks")) {
        psRows.add(new String[] {"held-out block " + k.block() + " (n=" + k.n() + "): prior of the map / EM estimate / observed",
            f(k.trainPrior()) + " / " + f(k.estimatedPrior()) + " / " + f(k.observedShare())});
      }
      psRows.add(new String[] {"test: prior of the final map / EM estimate / observed", f(ps.get("trainPrior")) + " / "
          + f(t.get("estimatedPrior")) + " / " + f(t.get("observedShare"))});
      psRows.add(new String[] {"test ECE: static / adjusted (95% interval)", f(t.get("eceStatic")) + " / "
          + f(((Stats.Estimate) t.get("eceAdjusted")).value()) + interval(t.get("eceAdjusted"))});
      psRows.add(new String[] {"test ECE, adjusted minus static, paired",
          f(((Stats.Estimate) t.get("eceAdjustedMinusStatic")).value()) + interval(t.get("eceAdjustedMinusStatic"))});
      psRows.add(new String[] {"test precision / recall of negative at the threshold, adjusted",
          f(t.get("negativePrecisionAdjusted")) + " / " + f(t.get("negativeRecallAdjusted"))});
      section("Prior shift: probabilities adjusted to each period's estimated share of negatives (" + ps.get("method")
          + ")", psRows, new String[] {"item", "value"}, md, html);
    }

    cascade((Map<String, Object>) m.get("cascade"), md, html);

    // confusion matrix
    Map<String, Object> cmj = (Map<String, Object>) m.get("confusionMatrix");
    long[][] cm = (long[][]) cmj.get("rowsTrueColumnsPredicted");
    List<String[]> cmRows = new ArrayList<>();
    for (int i = 0; i < cm.length; i++) {
      String[] r = new String[cm.length + 1];
      r[0] = "true " + classNames.get(i);
      for (int j = 0; j < cm.length; j++) {
        r[j + 1] = Long.toString(cm[i][j]);
      }
      cmRows.add(r);
    }
    String[] cmHead = new String[cm.length + 1];
    cmHead[0] = "";
    for (int j = 0; j < cm.length; j++) {
      cmHead[j + 1] = "predicted " + classNames.get(j);
    }
    section("Confusion matrix" + (binary ? " (at the threshold)" : " (argmax of class probabilities)"), cmRows, cmHead, md, html);

    // charts
    html.append("<h2>Curves</h2>\n");
    html.append(img(chart("ROC (test)", "false positive rate", "true positive rate",
        List.of(series("ROC", Evaluation.rocCurve(p, y)), series("chance", List.of(new double[] {0, 0}, new double[] {1, 1}))))));
    html.append(img(chart("Precision-recall (test)", "recall", "precision",
        List.of(series("PR", Evaluation.prCurve(p, y))))));
    List<double[]> rel = new ArrayList<>();
    for (Evaluation.Bin b : Evaluation.reliability(p, y, 10)) {
      rel.add(new double[] {b.meanPredicted(), b.observed()});
    }
    List<double[]> relRaw = new ArrayList<>();
    for (Evaluation.Bin b : Evaluation.reliability(pRaw, y, 10)) {
      relRaw.add(new double[] {b.meanPredicted(), b.observed()});
    }
    html.append(img(chart("Reliability (test, 10 bins)", "mean predicted p_negative", "observed negative share",
        List.of(series("calibrated", rel), series("raw", relRaw),
            series("perfect", List.of(new double[] {0, 0}, new double[] {1, 1}))))));
    html.append("\n");
    md.append("## Curves\n\nROC, precision-recall and reliability charts are in model-card.html.\n\n");

    // threshold table
    List<String[]> th = new ArrayList<>();
    for (Object o : (List<Object>) m.get("thresholdTable")) {
      Map<String, Object> r = (Map<String, Object>) o;
      th.add(new String[] {f(r.get("threshold")), f(r.get("precision")), f(r.get("recall")), f(r.get("flaggedShare"))});
    }
    section("Threshold table (test, calibrated p_negative; last row is the chosen threshold)", th,
        new String[] {"threshold", "precision", "recall", "flagged share"}, md, html);

    // per brand
    Map<String, Object> pb = (Map<String, Object>) m.get("perBrand");
    if (pb != null && !pb.isEmpty()) {
      List<String[]> br = new ArrayList<>();
      for (Map.Entry<String, Object> e : pb.entrySet()) {
        Map<String, Object> b = (Map<String, Object>) e.getValue();
        br.add(new String[] {e.getKey(), String.valueOf(b.get("nTest")), f(b.get("negativeShare")), f(b.get("aucRoc")),
            f(b.get("ece")), f(b.get("negativePrecision")), f(b.get("negativeRecall"))});
      }
      section("Per brand (test)", br, new String[] {"brand", "n", "negative share", "auc_roc", "ece", "precision", "recall"}, md, html);
    }
    Map<String, Object> reasons = (Map<String, Object>) m.get("reasons");
    if (reasons != null) {
      List<String[]> rr = new ArrayList<>();
      rr.add(new String[] {"macro_f1", f(reasons.get("macroF1"))});
      for (Map.Entry<String, Object> e : ((Map<String, Object>) reasons.get("f1PerReason")).entrySet()) {
        rr.add(new String[] {"F1 " + e.getKey(), f(e.getValue())});
      }
      for (Map.Entry<String, Object> e : ((Map<String, Object>) reasons.get("tooFewExamples")).entrySet()) {
        rr.add(new String[] {"F1 " + e.getKey(), String.valueOf(e.getValue())});
      }
      section("Reason tagger (test negatives with a reason, n=" + reasons.get("nTest") + ")", rr,
          new String[] {"metric", "value"}, md, html);
    }

    // top features
    section("Top features towards negative", topFeatures(scorer, true), new String[] {"feature", "weight"}, md, html);
    section("Top features away from negative", topFeatures(scorer, false), new String[] {"feature", "weight"}, md, html);

    // failures
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      idx.add(i);
    }
    List<String[]> fails = new ArrayList<>();
    idx.stream().filter(i -> !y[i]).sorted(Comparator.comparingDouble(i -> -p[i])).limit(8)
        .forEach(i -> fails.add(new String[] {"false positive", f(p[i]), String.valueOf(rows.get(i).get(2)),
            scrub(rows.get(i).getString(1))}));
    idx.stream().filter(i -> y[i]).sorted(Comparator.comparingDouble(i -> p[i])).limit(8)
        .forEach(i -> fails.add(new String[] {"false negative", f(p[i]), String.valueOf(rows.get(i).get(2)),
            scrub(rows.get(i).getString(1))}));
    section("Most confident errors (test; handles replaced by @user)", fails,
        new String[] {"error", "p_negative", "brand", "text"}, md, html);

    html.append("</body></html>\n");
    AtomicFiles.writeString(dir.resolve("model-card.html"), html.toString());
    AtomicFiles.writeString(dir.resolve("model-card.md"), md.toString());
  }

  /** Replaces @handles by @user and line breaks by spaces (the card shows no author handle). */
  static String scrub(String text) {
    return text == null ? "" : text.replaceAll("@[A-Za-z0-9_]+", "@user").replaceAll("\\s+", " ");
  }

  static List<String[]> topFeatures(ScorerFile s, boolean towards) {
    LinearHead h = s.head();
    int n = s.featureCount();
    double[] w = new double[n];
    if (LinearHead.SIGMOID.equals(h.link())) {
      w = h.weights()[0].clone();
    } else {
      int neg = s.negativeClass();
      for (int j = 0; j < n; j++) {
        double others = 0;
        for (int r = 0; r < h.weights().length; r++) {
          if (r != neg) {
            others += h.weights()[r][j];
          }
        }
        w[j] = h.weights()[neg][j] - others / (h.weights().length - 1);
      }
    }
    final double[] ww = w;
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      order.add(j);
    }
    order.sort(Comparator.comparingDouble(j -> towards ? -ww[j] : ww[j]));
    List<String[]> out = new ArrayList<>();
    for (int j : order.subList(0, Math.min(15, n))) {
      int off = 0;
      String name = null;
      for (FeatureBlock b : s.blocks()) {
        if (name == null && j < off + b.vocabulary().size()) {
          name = b.name() + ": \"" + b.vocabulary().get(j - off) + "\"";
        } else if (name == null) {
          off += b.vocabulary().size();
        }
      }
      out.add(new String[] {name != null ? name : "embedding dimension " + (j - off), f(ww[j])});
    }
    return out;
  }

  /** The live cascade's band and figures (held-out, where it was chosen, and test), when the run has one. */
  @SuppressWarnings("unchecked")
  private static void cascade(Map<String, Object> cas, StringBuilder md, StringBuilder html) {
    if (cas == null) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"band (to the encoder)", "uncertainty ≤ " + f(cas.get("margin")) + ", uncertainty = "
        + cas.get("uncertainty")});
    Map<String, Object> rule = (Map<String, Object>) cas.get("choice");
    if (rule != null) {
      rows.add(new String[] {"band chosen on", rule.get("heldOutPredictions") + "; " + rule.get("rule") + " ("
          + rule.get("resamples") + " resamples; lower bound " + f(rule.get("ratioLowerBound")) + ")"});
    }
    Map<String, Object> ng = (Map<String, Object>) cas.get("ngramModel");
    rows.add(new String[] {"n-gram model", ng.get("chosen") + ", threshold " + f(ng.get("threshold"))});
    for (String set : List.of("heldOut", "test")) {
      Map<String, Object> x = (Map<String, Object>) cas.get(set);
      rows.add(new String[] {set.equals("test") ? "test" : "held-out (chosen here, keep " + f(cas.get("keep")) + ")",
          String.format(Locale.ROOT, "n %s: %.1f %% routed; macro recall n-gram %s, cascade %s, encoder model %s (ratio %s)",
              x.get("n"), 100 * ((Number) x.get("routedShare")).doubleValue(), f(x.get("ngramMacroRecall")),
              f(x.get("cascadeMacroRecall")), f(x.get("fullMacroRecall")), f(x.get("cascadeOverFull")))
              + interval(x.get("cascadeOverFullInterval"))});
    }
    section("Live cascade (n-gram scorer on every post, the encoder model in the band)", rows,
        new String[] {"item", "value"}, md, html);
  }

  /** " (95 % interval a to b)" of an estimate, or nothing. */
  private static String interval(Object estimate) {
    if (!(estimate instanceof Stats.Estimate e) || e.ci95Low() == null) {
      return "";
    }
    return " (95 % interval " + f(e.ci95Low()) + " to " + f(e.ci95High()) + ")";
  }

  static void section(String title, List<String[]> rows, String[] head, StringBuilder md, StringBuilder html) {
    md.append("## ").append(title).append("\n\n|");
    html.append("<h2>").append(esc(title)).append("</h2>\n<table><tr>");
    for (String h : head) {
      md.append(' ').append(mdEsc(h)).append(" |");
      html.append("<th>").append(esc(h)).append("</th>");
    }
    md.append("\n|");
    for (int i = 0; i < head.length; i++) {
      md.append("---|");
    }
    md.append('\n');
    html.append("</tr>\n");
    for (String[] r : rows) {
      md.append('|');
      html.append("<tr>");
      for (int i = 0; i < r.length; i++) {
        md.append(' ').append(mdEsc(r[i])).append(" |");
        html.append(i == r.length - 1 || i == 0 ? "<td class=\"t\">" : "<td>").append(esc(r[i])).append("</td>");
      }
      md.append('\n');
      html.append("</tr>\n");
    }
    md.append('\n');
    html.append("</table>\n");
  }

  static String f(Object v) {
    if (v instanceof Double d) {
      return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.4f", d);
    }
    return String.valueOf(v);
  }

  /** HTML-escapes text (&amp; &lt; &gt; &quot; &#39;). */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  /** Markdown table cell: pipes escaped, angle brackets as entities. */
  static String mdEsc(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  static XYSeries series(String name, List<double[]> pts) {
    XYSeries s = new XYSeries(name, false, true);
    for (double[] q : pts) {
      s.add(q[0], q[1]);
    }
    return s;
  }

  static JFreeChart chart(String title, String x, String y, List<XYSeries> series) {
    XYSeriesCollection ds = new XYSeriesCollection();
    series.forEach(ds::addSeries);
    JFreeChart ch = ChartFactory.createXYLineChart(title, x, y, ds, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = ch.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1.02);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesStroke(i, new BasicStroke(i == series.size() - 1 && series.size() > 1 ? 1f : 2f));
    }
    plot.setRenderer(r);
    return ch;
  }

  static String img(JFreeChart ch) {
    BufferedImage im = ch.createBufferedImage(420, 360);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(im, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart", e);
    }
    return "<img alt=\"" + esc(ch.getTitle().getText()) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(out.toByteArray()) + "\">";
  }
}
