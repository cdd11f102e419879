package io.crisislab.jobs.series;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.series.NabCsv;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.SeriesLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where replay and tune get their series: a NAB-style {@code timestamp,value} CSV, a folder of them,
 * or a posts dataset (a run folder with {@code posts/}, e.g. from {@code generate} or {@code score}),
 * which Spark buckets per brand/channel.
 *
 * <p>Measures of a posts dataset: {@code count} (all posts), {@code negative} (posts labelled
 * negative: {@code is_negative} from scoring when present, else {@code label = negative}),
 * {@code expected-negative} (the sum of {@code p_negative}, the classifier's expected count).
 * Series ids are {@code brand/channel}, as in {@code generate}'s {@code incidents.json}. Every
 * series of a dataset spans the same range of buckets, quiet buckets being explicit zeros.
 */
public final class SeriesSource {
  /** Wire names of the {@link Measure}s a detector can watch. */
  public static final List<String> MEASURES = Arrays.stream(Measure.values()).map(Measure::toString).toList();

  private SeriesSource() {}

  /** One loaded series with its brand and channel (null for CSV input). */
  public record Loaded(SeriesLoad load, String brand, String channel, String measure) {
    public Series series() {
      return load.series();
    }
  }

  /** True when {@code path} is CSV input (a file, or a folder of {@code *.csv} without posts). */
  public static boolean isCsv(Path path) {
    if (Files.isRegularFile(path)) {
      return true;
    }
    return Files.isDirectory(path) && !Files.isDirectory(path.resolve(PostsDataset.SUBDIR)) && !csvFiles(path).isEmpty();
  }

  static List<Path> csvFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".csv") || n.endsWith(".csv.gz"));
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Loads every series under {@code path}.
   *
   * @param spark session (only used for posts input; may be null for CSV input)
   * @param bucketSeconds bucket width for posts (CSV files keep theirs); 0 = 300 s for posts
   * @param measure one of {@link #MEASURES}
   */
  public static List<Loaded> load(SparkSession spark, Path path, int bucketSeconds, String measure) {
    if (!MEASURES.contains(measure)) {
      throw new UsageException("--measure must be one of " + MEASURES + ", got '" + measure + "'");
    }
    if (!Files.exists(path)) {
      throw new UsageException("--series " + path + " does not exist");
    }
    if (isCsv(path)) {
      if (!measure.equals("auto") && !measure.equals("count")) {
        throw new UsageException("--measure " + measure + " needs a posts dataset; " + path + " holds volume CSVs");
      }
      List<Path> files = Files.isRegularFile(path) ? List.of(path) : csvFiles(path);
      List<Loaded> out = new ArrayList<>();
      for (Path f : files) {
        out.add(new Loaded(NabCsv.read(f, bucketSeconds), null, null, "count"));
      }
      return out;
    }
    if (spark == null) {
      throw new IllegalStateException("a posts dataset needs Spark");
    }
    return fromPosts(spark, path, bucketSeconds <= 0 ? 300 : bucketSeconds, measure);
  }

  static List<Loaded> fromPosts(SparkSession spark, Path path, int bucket, String measure) {
    Dataset<Row> posts = PostsDataset.read(spark, path);
    List<String> cols = Arrays.asList(posts.columns());
    Column neg;
    if (cols.contains(PostColumns.IS_NEGATIVE)) {
      neg = col(PostColumns.IS_NEGATIVE).cast("double");
    } else {
      neg = when(lower(col(PostColumns.LABEL)).equalTo("negative"), lit(1.0)).otherwise(lit(0.0));
    }
    boolean hasP = cols.contains(PostColumns.P_NEGATIVE);
    String m = measure;
    if (m.equals("auto")) {
      m = "negative";
    }
    if (m.equals("expected-negative") && !hasP) {
      throw new UsageException("--measure expected-negative needs column " + PostColumns.P_NEGATIVE
          + " (run 'crisislab score' first); " + path + " has none");
    }
    Column b = floor(unix_seconds(col(PostColumns.CREATED_AT)).divide(bucket)).multiply(bucket).cast("long");
    Dataset<Row> agg = posts
        .filter(col(PostColumns.CREATED_AT).isNotNull())
        .withColumn("_brand", when(col(PostColumns.BRAND).isNull(), lit("unknown")).otherwise(col(PostColumns.BRAND)))
        .withColumn("_channel", cols.contains(PostColumns.CHANNEL)
            ? when(col(PostColumns.CHANNEL).isNull(), lit("unknown")).otherwise(col(PostColumns.CHANNEL)) : lit("unknown"))
        .withColumn("_bucket", b)
        .groupBy("_brand", "_channel", "_bucket")
        .agg(count(lit(1)).as("n"), sum(neg.cast("double")).as("neg"),
            (hasP ? sum(col(PostColumns.P_NEGATIVE)) : lit(null).cast("double")).as("exp"));
    List<Row> rows = agg.orderBy("_brand", "_channel", "_bucket").collectAsList();
    if (rows.isEmpty()) {
      throw new DataException(path + ": no posts with a created_at timestamp");
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Row r : rows) {
      min = Math.min(min, r.getLong(2));
      max = Math.max(max, r.getLong(2));
    }
    int n = (int) ((max - min) / bucket + 1);
    Map<String, double[][]> bySeries = new LinkedHashMap<>();
    Map<String, String[]> scope = new LinkedHashMap<>();
    for (Row r : rows) {
      String id = r.getString(0) + "/" + r.getString(1);
      scope.putIfAbsent(id, new String[] {r.getString(0), r.getString(1)});
      double[][] a = bySeries.computeIfAbsent(id, k -> new double[4][n]);
      int i = (int) ((r.getLong(2) - min) / bucket);
      a[0][i] = r.getLong(3);
      a[1][i] = r.isNullAt(4) ? 0 : r.getDouble(4);
      a[2][i] = r.isNullAt(5) ? 0 : r.getDouble(5);
      a[3][i] = 1;
    }
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = min + (long) i * bucket;
    }
    List<Loaded> out = new ArrayList<>();
    for (Map.Entry<String, double[][]> e : bySeries.entrySet()) {
      double[][] a = e.getValue();
      double[] values = switch (m) {
        case "count" -> a[0];
        case "negative" -> a[1];
        default -> a[2];
      };
      int empty = 0;
      for (double x : a[3]) {
        empty += x == 0 ? 1 : 0;
      }
      List<String> warnings = new ArrayList<>();
      if (empty > 0) {
        warnings.add(String.format(Locale.ROOT, "%s: %d of %d buckets have no posts; explicit zeros", e.getKey(), empty, n));
      }
      if (Arrays.stream(values).distinct().count() == 1) {
        warnings.add(e.getKey() + ": " + m + " series is constant; detectors cannot alert on it");
      }
      String[] bc = scope.get(e.getKey());
      Series s = new Series(e.getKey(), bucket, starts, values, a[1]);
      out.add(new Loaded(new SeriesLoad(s, warnings), bc[0], bc[1], m));
    }
    return out;
  }
}
