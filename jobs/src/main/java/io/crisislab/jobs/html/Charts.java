package io.crisislab.jobs.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Report charts drawn by JFreeChart (headless) and embedded as base64 PNG, so the page needs no
 * network and no JavaScript. Times on time axes are UTC.
 */
public final class Charts {
  private static final Color[] PALETTE = {new Color(0x1d3557), new Color(0xe63946), new Color(0x2a9d8f),
      new Color(0xf4a261), new Color(0x6a4c93), new Color(0x8d99ae)};
  private static final int W = 560;
  private static final int H = 320;

  private Charts() {}

  /** A rendered chart: its title (alt text), size in pixels and base64 PNG bytes. */
  public record Png(String title, int width, int height, String base64) {
    /** Decoded PNG bytes. */
    public byte[] bytes() {
      return Base64.getDecoder().decode(base64);
    }
  }

  /** One named line: x and y of equal length. */
  public record Line(String name, double[] x, double[] y) {}

  /** A vertical reference line at x (e.g. an SLA), with a label. */
  public record Mark(double x, String label) {}

  /** A shaded time interval [startMillis, endMillis] (UTC epoch milliseconds). */
  public record Span(long startMillis, long endMillis) {}

  /** Renders a chart to PNG. */
  public static Png png(JFreeChart chart, String title, int w, int h) {
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, w, h);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart " + title, e);
    }
    return new Png(title, w, h, Base64.getEncoder().encodeToString(out.toByteArray()));
  }

  /** Lines in the plane (ROC, PR, reliability, CDFs); {@code diagonal} adds the y = x reference. */
  public static Png lines(String title, String xLabel, String yLabel, List<Line> lines, boolean diagonal,
      List<Mark> marks) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (Line l : lines) {
      XYSeries s = new XYSeries(l.name(), false, true);
      for (int i = 0; i < l.x().length; i++) {
        s.add(l.x()[i], l.y()[i]);
      }
      ds.addSeries(s);
    }
    if (diagonal) {
      XYSeries d = new XYSeries("y = x", false, true);
      d.add(0, 0);
      d.add(1, 1);
      ds.addSeries(d);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, ds, PlotOrientation.VERTICAL,
        true, false, false);
    XYPlot plot = chart.getXYPlot();
    style(plot);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < ds.getSeriesCount(); i++) {
      r.setSeriesPaint(i, diagonal && i == ds.getSeriesCount() - 1 ? Color.GRAY : PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    addMarks(plot, marks);
    return png(chart, title, W, H);
  }

  /** A histogram of values with optional vertical marks (SLA lines). */
  public static Png histogram(String title, String xLabel, double[] values, int bins, List<Mark> marks) {
    HistogramDataset ds = new HistogramDataset();
    ds.addSeries(xLabel, values, Math.max(1, bins));
    JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "replications", ds, PlotOrientation.VERTICAL,
        false, false, false);
    XYPlot plot = chart.getXYPlot();
    style(plot);
    XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
    r.setSeriesPaint(0, PALETTE[0]);
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    addMarks(plot, marks);
    // the SLA lines must be visible even when every replication misses them: widen the axis to show them
    double lo = Arrays.stream(values).min().orElse(0);
    double hi = Arrays.stream(values).max().orElse(1);
    for (Mark m : marks == null ? List.<Mark>of() : marks) {
      lo = Math.min(lo, m.x());
      hi = Math.max(hi, m.x());
    }
    double pad = (hi - lo) * 0.03 + 1e-9;
    plot.getDomainAxis().setRange(lo - pad, hi + pad);
    return png(chart, title, W, H);
  }

  /** A bar chart of named values (bottleneck shares, quarantine reasons, counts). */
  public static Png bars(String title, String valueLabel, List<String> names, List<? extends Number> values,
      boolean horizontal) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (int i = 0; i < names.size(); i++) {
      ds.addValue(values.get(i), valueLabel, names.get(i));
    }
    JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, ds,
        horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xd5dbe3));
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setSeriesPaint(0, PALETTE[0]);
    r.setShadowVisible(false);
    r.setBarPainter(new StandardBarPainter());
    if (!horizontal && names.size() > 6) {
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    if (!horizontal && names.size() > 14) {
      // many bars (days): label every 7th only, so labels never overlap; the bars keep every value
      for (int i = 0; i < names.size(); i++) {
        if (i % 7 != 0) {
          plot.getDomainAxis().setTickLabelPaint(names.get(i), new Color(0, 0, 0, 0));
        }
      }
    }
    int h = horizontal ? Math.max(H, 60 + 26 * names.size()) : H;
    return png(chart, title, W, h);
  }

  /** A grid of counts (confusion matrix) as a grouped bar chart: one group per actual class. */
  public static Png grouped(String title, String valueLabel, List<String> rows, List<String> cols, double[][] v) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < cols.size(); j++) {
        ds.addValue(v[i][j], cols.get(j), rows.get(i));
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, ds, PlotOrientation.VERTICAL,
        true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setShadowVisible(false);
    r.setBarPainter(new StandardBarPainter());
    for (int j = 0; j < cols.size(); j++) {
      r.setSeriesPaint(j, PALETTE[j % PALETTE.length]);
    }
    return png(chart, title, W, H);
  }

  /**
   * A time series (UTC) with incident windows shaded and alerts marked as vertical red lines.
   *
   * @param times bucket starts, epoch milliseconds
   * @param values one value per bucket
   */
  public static Png timeline(String title, String yLabel, long[] times, List<double[]> values, List<String> names,
      List<Span> windows, long[] alerts) {
    TimeSeriesCollection ds = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
    for (int k = 0; k < values.size(); k++) {
      TimeSeries s = new TimeSeries(names.get(k));
      double[] v = values.get(k);
      for (int i = 0; i < times.length; i++) {
        s.addOrUpdate(new Millisecond(new Date(times[i]), TimeZone.getTimeZone("UTC"),
            Locale.ROOT), v[i]);
      }
      ds.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createTimeSeriesChart(title, "time (UTC)", yLabel, ds, values.size() > 1,
        false, false);
    XYPlot plot = chart.getXYPlot();
    style(plot);
    DateAxis axis = (DateAxis) plot.getDomainAxis();
    SimpleDateFormat fmt = new SimpleDateFormat("MM-dd HH:mm", Locale.ROOT);
    fmt.setTimeZone(TimeZone.getTimeZone("UTC"));
    axis.setDateFormatOverride(fmt);
    axis.setTimeZone(TimeZone.getTimeZone("UTC"));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int k = 0; k < values.size(); k++) {
      r.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
      r.setSeriesStroke(k, new BasicStroke(1.5f));
    }
    plot.setRenderer(r);
    for (Span w : windows) {
      IntervalMarker m = new IntervalMarker(w.startMillis(), w.endMillis());
      m.setPaint(new Color(0xf4a261));
      m.setAlpha(0.30f);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    for (long a : alerts) {
      ValueMarker m = new ValueMarker(a);
      m.setPaint(new Color(0xe63946));
      m.setStroke(new BasicStroke(1.2f));
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
    return png(chart, title, 760, H);
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xd5dbe3));
    plot.setRangeGridlinePaint(new Color(0xd5dbe3));
  }

  private static void addMarks(XYPlot plot, List<Mark> marks) {
    if (marks == null) {
      return;
    }
    for (Mark mk : marks) {
      ValueMarker m = new ValueMarker(mk.x());
      m.setPaint(new Color(0xe63946));
      m.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      m.setLabel(mk.label());
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
  }
}
