package io.crisislab.models.series;

import io.crisislab.models.errors.DataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes NAB-style volume series: CSV with header {@code timestamp,value} (extra columns
 * are ignored; a {@code .gz} file is decompressed), timestamps as in {@link Timestamps}, values
 * non-negative counts. The series id is the file name without {@code .gz}.
 */
public final class NabCsv {
  private NabCsv() {}

  /** Reads {@code file} and regularises it (bucket width inferred). */
  public static SeriesLoad read(Path file) {
    return read(file, 0);
  }

  /** Reads {@code file}; {@code bucketSeconds} 0 infers the width. */
  public static SeriesLoad read(Path file, int bucketSeconds) {
    Columns c = readColumns(file, "value");
    return Regularise.of(seriesId(file), file.toString(), c.time, c.values, null, bucketSeconds, c.lines);
  }

  /** Series id of a file: its name without a trailing {@code .gz}. */
  public static String seriesId(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  /**
   * Raw columns of a CSV: {@code timestamp} and one numeric column, in file order, with the 1-based
   * file line each value came from (header = line 1), so later checks can name the line a user opens.
   */
  public record Columns(long[] time, double[] values, int[] lines) {}

  /**
   * Reads the {@code timestamp} column and the numeric column {@code column} of a NAB-style CSV
   * (e.g. {@code anomaly_score} of a published result file), in file order, unrepaired.
   */
  public static Columns readColumns(Path file, String column) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no such series file");
    }
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null) {
        throw new DataException(file + ": empty file (expected header timestamp,value)");
      }
      String[] names = header.strip().replace("\uFEFF", "").split(",");
      int ti = indexOf(names, "timestamp");
      int vi = indexOf(names, column);
      if (ti < 0 || vi < 0) {
        throw new DataException(file + ": header must have columns timestamp and " + column + ", got '" + header + "'");
      }
      long[] time = new long[1024];
      double[] values = new double[1024];
      int[] lines = new int[1024];
      int n = 0;
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length <= Math.max(ti, vi)) {
          throw new DataException(file + ":" + lineNo + ": expected " + names.length + " fields, got " + f.length);
        }
        Long t = Timestamps.tryParse(f[ti]);
        if (t == null) {
          throw new DataException(file + ":" + lineNo + ": timestamp '" + f[ti] + "' is not yyyy-MM-dd HH:mm:ss");
        }
        double v;
        try {
          v = Double.parseDouble(f[vi].trim());
        } catch (NumberFormatException e) {
          throw new DataException(file + ":" + lineNo + ": " + column + " '" + f[vi] + "' is not a number");
        }
        if (n == time.length) {
          time = Arrays.copyOf(time, n * 2);
          values = Arrays.copyOf(values, n * 2);
          lines = Arrays.copyOf(lines, n * 2);
        }
        time[n] = t;
        values[n] = v;
        lines[n] = lineNo;
        n++;
      }
      if (n == 0) {
        throw new DataException(file + ": no data rows");
      }
      return new Columns(Arrays.copyOf(time, n), Arrays.copyOf(values, n), Arrays.copyOf(lines, n));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].trim().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Writes {@code series} as {@code timestamp,value} (integers printed without a decimal point). */
  public static void write(Series series, Path file) {
    StringBuilder sb = new StringBuilder(series.size() * 28).append("timestamp,value\n");
    for (int i = 0; i < series.size(); i++) {
      double v = series.count()[i];
      sb.append(Timestamps.format(series.bucketStart()[i])).append(',')
          .append(v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v)).append('\n');
    }
    try {
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
