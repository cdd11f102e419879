package io.crisislab.jobs.html;

import java.util.List;
import java.util.Locale;

/**
 * A tiny builder for the self-contained report page. Every piece of text that goes in passes
 * through {@link #esc} — post text, brand names, reasons, file names — so nothing from the data can
 * become markup; only this class and the chart helper write tags. No external resources: CSS is
 * inline and images are {@code data:} URIs, so the page opens from a file with no network.
 */
public final class Html {
  private static final String CSS = """
      body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
      header{background:#1d3557;color:#fff;padding:18px 32px}header h1{margin:0;font-size:24px}
      header p{margin:4px 0 0;color:#cdd7e4}nav{padding:8px 32px;background:#e4e9f0;font-size:14px}
      nav a{margin-right:16px;color:#1d3557}main{padding:8px 32px 40px;max-width:1200px}
      section{background:#fff;border-radius:6px;padding:8px 20px 16px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
      h2{border-bottom:2px solid #e63946;padding-bottom:4px}h3{margin-top:20px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d5dbe3;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#eef2f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
      img.chart{max-width:100%;border:1px solid #e4e9f0;margin:6px 8px 6px 0}
      .note{color:#5b6b7d;font-size:13px}.warn{color:#a4161a}.figs{display:flex;flex-wrap:wrap}
      table.glance{font-size:14px;width:100%}table.glance td,table.glance th{padding:5px 8px}
      #summary{border-top:4px solid #e63946}#summary p{margin:6px 0}
      .post{font-family:Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word;max-width:640px}
      """;

  private final StringBuilder body = new StringBuilder();
  private final StringBuilder nav = new StringBuilder();

  /** HTML-escapes text for element content and attribute values (null becomes empty). */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Formats a number for tables: integers with thousands separators, others with 3-4 significant digits. */
  public static String num(Object v) {
    if (v == null) {
      return "–";
    }
    if (v instanceof Integer || v instanceof Long) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return String.format(Locale.ROOT, "%,d", (long) d);
      }
      double a = Math.abs(d);
      return String.format(Locale.ROOT, a >= 100 ? "%,.1f" : a >= 1 ? "%.3f" : "%.4f", d);
    }
    return esc(v);
  }

  /** Starts a top-level section with an anchor in the navigation bar. */
  public Html section(String id, String title) {
    nav.append("<a href=\"#").append(esc(id)).append("\">").append(esc(title)).append("</a>");
    body.append("<section id=\"").append(esc(id)).append("\"><h2>").append(esc(title)).append("</h2>\n");
    return this;
  }

  public Html endSection() {
    body.append("</section>\n");
    return this;
  }

  public Html h3(String text) {
    return element("<h3>", text, "</h3>");
  }

  public Html p(String text) {
    return element("<p>", text, "</p>");
  }

  public Html note(String text) {
    return element("<p class=\"note\">", text, "</p>");
  }

  public Html warn(String text) {
    return element("<p class=\"warn\">", text, "</p>");
  }

  /** One line of escaped text between a fixed opening and closing tag. */
  private Html element(String open, String text, String close) {
    body.append(open).append(esc(text)).append(close).append('\n');
    return this;
  }

  /**
   * A table; cells that are numbers are right-aligned and formatted, everything else escaped.
   * A {@link Post} cell is shown as escaped post text in a monospace block.
   */
  public Html table(List<String> headers, List<List<Object>> rows) {
    return table("", headers, rows);
  }

  /** A table with a CSS class (e.g. {@code glance}, the summary's wider table). */
  public Html table(String cssClass, List<String> headers, List<List<Object>> rows) {
    body.append(cssClass.isEmpty() ? "<table>" : "<table class=\"" + esc(cssClass) + "\">").append("<thead><tr>");
    for (String h : headers) {
      body.append("<th>").append(esc(h)).append("</th>");
    }
    body.append("</tr></thead><tbody>\n");
    for (List<Object> r : rows) {
      body.append("<tr>");
      for (Object c : r) {
        if (c instanceof Number) {
          body.append("<td class=\"num\">").append(num(c)).append("</td>");
        } else if (c instanceof Post post) {
          body.append("<td><div class=\"post\">").append(esc(post.text())).append("</div></td>");
        } else {
          body.append("<td>").append(esc(c)).append("</td>");
        }
      }
      body.append("</tr>\n");
    }
    body.append("</tbody></table>\n");
    return this;
  }

  /** Opens a flex row of figures. */
  public Html figs() {
    body.append("<div class=\"figs\">");
    return this;
  }

  public Html endFigs() {
    body.append("</div>\n");
    return this;
  }

  /** An inline chart image ({@code data:image/png;base64,...}) with alt text. */
  public Html chart(Charts.Png png) {
    body.append("<img class=\"chart\" alt=\"").append(esc(png.title())).append("\" width=\"").append(png.width())
        .append("\" height=\"").append(png.height()).append("\" src=\"data:image/png;base64,")
        .append(png.base64()).append("\">\n");
    return this;
  }

  /**
   * Puts {@code first}'s sections before this page's own, navigation included: the report's summary is
   * built last (it needs every job's figures) but read first.
   */
  public Html prepend(Html first) {
    body.insert(0, first.body);
    nav.insert(0, first.nav);
    return this;
  }

  /** A time to the minute with its weekday and zone, e.g. "Mon 2026-11-16 07:20 UTC"; "–" for null. */
  public static String when(java.time.Instant t) {
    return t == null ? "–" : WHEN.format(t);
  }

  private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
      .ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

  /** The whole page. */
  public String page(String title, String subtitle) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + esc(title) + "</title><style>"
        + CSS + "</style></head><body>\n<header><h1>" + esc(title) + "</h1><p>" + esc(subtitle) + "</p></header>\n<nav>"
        + nav + "</nav>\n<main>\n" + body + "</main></body></html>\n";
  }

  /** Post text to show (escaped) in a table cell. */
  public record Post(String text) {}
}
