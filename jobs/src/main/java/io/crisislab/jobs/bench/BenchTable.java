package io.crisislab.jobs.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * Appends benchmark rows to {@code BENCHMARKS.md} (creating it with its header), one row per
 * measurement: what, size, the command that measured it, the machine, the date, the median of the
 * runs and the ratio against the peer measured in the same benchmark run.
 */
public final class BenchTable {
  static final String HEADER = """
      # Benchmarks

      Rows are appended by `./crisislab bench <name>`; each row is one benchmark run. Medians of the
      stated number of runs; the ratio compares CrisisLab with the peer measured in the same run
      (> 1 means CrisisLab is faster / has higher throughput, unless the row says otherwise).
      Timed tests are not used: speed lives here.

      | date | benchmark | size | CrisisLab median | peer | peer median | ratio | runs | machine | command |
      |---|---|---|---:|---|---:|---:|---:|---|---|
      """;

  private BenchTable() {}

  /**
   * One measured row.
   *
   * @param benchmark what was measured (e.g. {@code ingest airline x350})
   * @param size the input size in words (e.g. {@code 5.1M rows})
   * @param median our median, formatted with units (e.g. {@code 812k rows/s})
   * @param peer the peer's name (e.g. {@code pandas 3.0 + pyarrow}) or {@code -}
   * @param peerMedian the peer's median with units, or {@code -}
   * @param ratio ours / peer (throughput), or NaN when there is no peer
   * @param runs how many runs the medians are over
   * @param command the command that produced the row
   */
  public record Row(String benchmark, String size, String median, String peer, String peerMedian,
      double ratio, int runs, String command) {}

  /** Median of the values (mean of the middle two for an even count). */
  public static double median(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Cores, memory, Java and OS of this machine, for the table. */
  public static String machine() {
    long memBytes = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      memBytes = os.getTotalMemorySize();
    }
    return String.format(Locale.ROOT, "%d cores, %.0f GiB, Java %s, %s",
        Runtime.getRuntime().availableProcessors(), memBytes / (double) (1L << 30),
        System.getProperty("java.version"), System.getProperty("os.name"));
  }

  /** Appends {@code row} to {@code file} (BENCHMARKS.md) and prints it. */
  public static void append(Path file, Row row) {
    String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d | %s | `%s` |%n",
        LocalDate.now(ZoneOffset.UTC), row.benchmark(), row.size(), row.median(), row.peer(),
        row.peerMedian(), Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f×", row.ratio()),
        row.runs(), machine(), row.command());
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, HEADER, StandardCharsets.UTF_8);
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    System.out.print(line);
  }

  /** BENCHMARKS.md at the project root ({@code crisislab.home}, set by the launcher) or here. */
  public static Path defaultFile() {
    String home = System.getProperty("crisislab.home");
    return (home != null ? Path.of(home) : Path.of("")).resolve("BENCHMARKS.md").toAbsolutePath();
  }
}
