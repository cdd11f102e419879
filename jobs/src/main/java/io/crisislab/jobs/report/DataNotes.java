package io.crisislab.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repairs jobs made to their input (replay's series warnings: quiet buckets counted as zero,
 * windows snapped to the bucket grid, rows sorted or summed) as a few plain sentences, one per kind
 * of repair with how often it happened, instead of one red line per series. Unknown messages are
 * kept word for word.
 */
final class DataNotes {
  private DataNotes() {}

  private static final Pattern EMPTY = Pattern.compile(".*: (\\d+) of (\\d+) buckets have no posts; explicit zeros");
  private static final Pattern WINDOW = Pattern.compile(".*does not start and end on bucket timestamps.*");
  private static final Pattern REGULARISED = Pattern.compile(
      ".*: (\\d+) (row\\(s\\) out of time order; sorted|row\\(s\\) off the \\d+ s grid; counted in the bucket they fall in"
          + "|row\\(s\\) share a bucket with another row; summed|missing bucket\\(s\\) filled with explicit zeros)");

  /** Plain sentences for {@code notes}, most frequent kind first; empty for no notes. */
  static List<String> plain(List<String> notes) {
    long emptySeries = 0;
    long emptyMin = Long.MAX_VALUE;
    long emptyMax = 0;
    long buckets = 0;
    long windows = 0;
    Map<String, long[]> regularised = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    for (String n : notes) {
      Matcher m = EMPTY.matcher(n);
      Matcher g = REGULARISED.matcher(n);
      if (m.matches()) {
        long k = Long.parseLong(m.group(1));
        emptySeries++;
        emptyMin = Math.min(emptyMin, k);
        emptyMax = Math.max(emptyMax, k);
        buckets = Math.max(buckets, Long.parseLong(m.group(2)));
      } else if (WINDOW.matcher(n).matches()) {
        windows++;
      } else if (g.matches()) {
        long[] c = regularised.computeIfAbsent(g.group(2), k -> new long[2]);
        c[0]++;
        c[1] += Long.parseLong(g.group(1));
      } else if (!other.contains(n)) {
        other.add(n);
      }
    }
    List<String> out = new ArrayList<>();
    if (emptySeries > 0) {
      out.add(String.format(java.util.Locale.ROOT, "Quiet periods count as zero posts: in %d series, %s of %,d time buckets "
          + "had no posts (normal at night on a small channel); detectors see them as zeros, not as gaps.", emptySeries,
          emptyMin == emptyMax ? String.format(java.util.Locale.ROOT, "%,d", emptyMin)
              : String.format(java.util.Locale.ROOT, "%,d to %,d", emptyMin, emptyMax), buckets));
    }
    if (windows > 0) {
      out.add(windows + " incident window(s) did not begin and end exactly on a time bucket; each was widened to "
          + "the buckets it touches before scoring.");
    }
    regularised.forEach((what, c) -> out.add(String.format(java.util.Locale.ROOT, "In %d series, %,d %s.", c[0], c[1],
        what.replace("row(s)", "rows").replace("bucket(s)", "buckets").replace("; ", ": "))));
    out.addAll(other);
    return out;
  }
}
