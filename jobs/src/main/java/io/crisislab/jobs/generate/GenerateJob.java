package io.crisislab.jobs.generate;

import static org.apache.spark.sql.functions.col;

import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.AuthorKeys;
import io.crisislab.models.post.Post;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.synth.Incident;
import io.crisislab.models.post.synth.StreamModel;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crisislab generate}: a synthetic post stream with planted incidents ({@link StreamModel}),
 * spread over Spark tasks by (brand, day) unit. The run folder holds:
 *
 * <ul>
 *   <li>{@code posts/}: canonical posts ({@link PostsDataset}), partitioned by brand and UTC day;
 *       one file per partition folder, named {@code part-<task>.c000.snappy.parquet} (Spark's random
 *       job id is removed), rows sorted by created_at then post_id, so the same seed and settings
 *       give byte-identical files;</li>
 *   <li>{@code incidents.json}: ground-truth windows, NAB layout (series id {@code brand/channel}
 *       → list of {@code ["yyyy-MM-dd HH:mm:ss.ffffff", "..."]}, UTC);</li>
 *   <li>{@code incident-details.json}: every planted incident with its shape parameters.</li>
 * </ul>
 */
public final class GenerateJob {
  private GenerateJob() {}

  /** Ground-truth windows file. */
  public static final String INCIDENTS = "incidents.json";
  /** Planted incident parameters file. */
  public static final String INCIDENT_DETAILS = "incident-details.json";

  public static final Option<Integer> BRANDS = Option.integer("--brands", "N", "4",
      "Number of brands (default: ${DEFAULT-VALUE}).").check(v -> v >= 1 && v <= 10_000, "must be in 1..10000");
  public static final Option<Integer> DAYS = Option.integer("--days", "D", "14",
      "Number of days (default: ${DEFAULT-VALUE}).").check(v -> v >= 1 && v <= 3650, "must be in 1..3650");
  public static final Option<Double> POSTS_PER_DAY = Option.decimal("--posts-per-day", "R", "5000",
      "Expected posts per day of an average brand (all channels), before incidents; total = brands x days x R (default: ${DEFAULT-VALUE}).")
      .check(v -> v > 0 && v <= 1e9, "must be > 0");
  public static final Option<String> START = Option.text("--start", "DAY", "2025-01-06",
      "First UTC day (default: ${DEFAULT-VALUE}).");
  /** -1: one incident per 21 brand-days, at least 1. */
  public static final Option<Integer> INCIDENTS_TO_PLANT = Option.integer("--incidents", "N", "-1",
      "Incidents to plant (default: one per 21 brand-days, at least 1).")
      .check(v -> v >= -1, "must be >= 0 (or -1 for automatic)");
  public static final Option<Double> DISPERSION = Option.decimal("--dispersion", "K", "5",
      "Negative-binomial shape of bucket counts; variance = mean + mean^2/K (default: ${DEFAULT-VALUE}).")
      .check(v -> v > 0, "must be > 0");
  public static final Option<Double> LABEL_NOISE = Option.decimal("--label-noise", "P", "0.08",
      "Probability that a post's text is written for another label (default: ${DEFAULT-VALUE}).")
      .check(v -> v >= 0 && v <= 0.5, "must be in [0, 0.5]");
  public static final Option<String> AUTHOR_SALT = Option.text("--author-salt", "TEXT", AuthorKeys.DEFAULT_SALT,
      "Salt of author_key (default: ${DEFAULT-VALUE}).");
  public static final Option<Integer> BUCKET_MINUTES = Option.integer("--bucket-minutes", "M", "15",
      "Volume bucket width in minutes (default: ${DEFAULT-VALUE}).").check(v -> v >= 1 && 1440 % v == 0, "must divide 1440");
  /** -1: min(brands x days, 256). */
  public static final Option<Integer> TASKS = Option.integer("--tasks", "N", "-1",
      "Spark tasks; fixes the output file layout (default: min(brands*days, 256)).")
      .check(v -> v >= 1 || v == -1, "must be >= 1 (or -1 for automatic)");

  /** The options of {@code crisislab generate}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, BRANDS, DAYS, POSTS_PER_DAY, START,
      INCIDENTS_TO_PLANT, DISPERSION, LABEL_NOISE, AUTHOR_SALT, BUCKET_MINUTES, TASKS);

  /**
   * A validated generate configuration; build one with {@link #defaults()} (4 brands, 14 days, 5,000
   * posts a day per brand, about 3 incidents unless set).
   *
   * @param brands number of brands (1..10,000)
   * @param days number of days (1..3,650)
   * @param postsPerDay expected posts per day of an average brand (brands differ: shares fall off like 1/rank^0.8), before incidents
   * @param start first UTC day, {@code yyyy-MM-dd}
   * @param incidents incidents to plant; -1 = one per 21 brand-days, at least 1
   * @param dispersion negative-binomial shape of bucket counts (variance = mean + mean²/dispersion)
   * @param labelNoise probability that a post's text is written for another label
   * @param authorSalt salt of author keys
   * @param bucketMinutes width of volume buckets in minutes (divides 1440)
   * @param tasks Spark tasks (-1 = min(units, 256)); fixes the file layout, so keep it for byte-identical output
   */
  public record Config(int brands, int days, double postsPerDay, String start, int incidents, double dispersion,
      double labelNoise, String authorSalt, int bucketMinutes, int tasks) {
    public Config {
      try {
        LocalDate.parse(start);
      } catch (DateTimeParseException | NullPointerException e) {
        throw new UsageException("--start " + start + ": expected a day yyyy-MM-dd");
      }
      if (authorSalt == null || authorSalt.isEmpty()) {
        throw new UsageException("--author-salt must not be empty");
      }
    }

    /** The {@link #OPTIONS} defaults: 4 brands, 14 days from 2025-01-06 (a Monday), 5,000 posts/day per brand, automatic incidents. */
    public static Settings<Config> defaults() {
      return OPTIONS.defaults();
    }

    /** Incidents actually asked for (resolving -1). */
    public int resolvedIncidents() {
      return incidents >= 0 ? incidents : Math.max(1, (int) Math.round(brands * days / 21.0));
    }

    StreamModel.Settings settings() {
      return new StreamModel.Settings(brands, days, postsPerDay, LocalDate.parse(start), resolvedIncidents(),
          dispersion, labelNoise, authorSalt, bucketMinutes);
    }
  }

  /**
   * One planted incident as written to {@code incident-details.json} (times in NAB format, UTC).
   *
   * @param seriesIds the affected series ({@code brand/channel})
   * @param channelWeights share of the peak excess each affected channel gets
   */
  public record IncidentDetail(String id, String brand, String type, String reason, String start, String end,
      List<String> seriesIds, Map<String, Double> channelWeights, double peakMultiplier, double rampMinutes,
      double plateauMinutes, double halfLifeMinutes, double excessNegativeShare, double reasonShare) {
    static IncidentDetail of(Incident i) {
      return new IncidentDetail(i.id(), i.brand(), i.type(), i.reason(), Timestamps.nab(i.onset()),
          Timestamps.nab(i.end()), i.channels().stream().map(c -> i.brand() + "/" + c).toList(), i.channelWeights(),
          i.peakMultiplier(), i.rampMinutes(), i.plateauMinutes(), i.halfLifeMinutes(), i.excessNegativeShare(),
          i.reasonShare());
    }
  }

  /**
   * What the run produced.
   *
   * @param posts posts written
   * @param model the planned stream (brands, incidents, windows)
   * @param postsDir the {@code posts/} folder
   * @param incidentsFile the {@code incidents.json} file
   */
  public record Result(long posts, StreamModel model, Path postsDir, Path incidentsFile) {}

  /** Generates into {@code ctx.dir()} with seed {@code ctx.seed()}. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    long seed = ctx.seed();
    StreamModel model = StreamModel.plan(c.settings(), seed);
    ctx.seed("stream", seed);
    ctx.stage("plan " + model.brands().size() + " brands, " + model.incidents().size() + " incidents", -1);
    int units = model.units();
    int tasks = c.tasks() > 0 ? Math.min(c.tasks(), units) : Math.min(units, 256);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> unitIds = IntStream.range(0, units).boxed().toList();
    JavaRDD<Row> rdd = jsc.parallelize(unitIds, tasks).flatMap(u -> {
      List<Row> rows = new ArrayList<>();
      model.generateUnit(u, p -> rows.add(toRow(p)));
      return rows.iterator();
    });
    Dataset<Row> posts = spark.createDataFrame(rdd, PostsDataset.schema())
        .sortWithinPartitions(col(PostColumns.BRAND), col(PostColumns.DAY), col(PostColumns.CREATED_AT),
            col(PostColumns.POST_ID));
    Path dir = ctx.file(PostsDataset.SUBDIR);
    PostsDataset.write(posts, dir);
    stableFileNames(dir);
    long n = spark.read().parquet(dir.toAbsolutePath().toString()).count();
    ctx.stage("generate posts", n);
    Path incidents = ctx.file(INCIDENTS);
    AtomicFiles.writeString(incidents, Json.write(model.windows()));
    AtomicFiles.writeString(ctx.file(INCIDENT_DETAILS),
        Json.write(model.incidents().stream().map(IncidentDetail::of).toList()));
    ctx.count("incidents", model.incidents().size());
    return new Result(n, model, dir, incidents);
  }

  /** A canonical post as a Spark row in {@link PostsDataset#schema()} order. */
  public static Row toRow(Post p) {
    return RowFactory.create(p.postId(), p.platform(), p.channel(), p.brand(),
        p.createdAt() == null ? null : Timestamp.from(p.createdAt()), p.authorKey(), p.text(), p.lang(),
        p.replyTo(), p.likes(), p.shares(), p.replies(), p.label() == null ? null : p.label().wire(),
        p.labelConfidence(), p.negativeReason(), p.source(), p.day());
  }

  private static final Pattern PART = Pattern.compile("^(\\.?part-\\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(.*)$");

  /**
   * Renames Spark's {@code part-00003-<job uuid>.c000.snappy.parquet} files (and their {@code .crc}
   * siblings) to {@code part-00003.c000.snappy.parquet}, so that file names, like contents, depend
   * only on the data. Within one partition folder each task writes its own part number, so names
   * stay unique.
   */
  public static void stableFileNames(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Matcher m = PART.matcher(p.getFileName().toString());
        if (m.matches()) {
          Files.move(p, p.resolveSibling(m.group(1) + m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename part files in " + dir, e);
    }
  }
}
