package io.crisislab.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.crisislab.jobs.cli.Choices;
import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.Settings;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.jobs.run.RunFolder;
import io.crisislab.jobs.series.SeriesDataset;
import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.post.AuthorKeys;
import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.PostValidator;
import io.crisislab.models.post.RejectReason;
import io.crisislab.models.run.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code crisislab ingest}: reads historical posts in one of the {@link Format} presets, validates
 * every row, and writes the run folder:
 *
 * <ul>
 *   <li>{@code posts/}: accepted rows in the canonical schema ({@link PostsDataset}), Parquet
 *       partitioned by brand and UTC day;</li>
 *   <li>{@code quarantine/}: rejected rows as JSON Lines, in input order: {@code source}
 *       ({@code file:line}), {@code reason} ({@link RejectReason#code()}), {@code detail},
 *       {@code post_id} (if known) and {@code record} (the original record text);</li>
 *   <li>{@code ingest-report.json} ({@link IngestReport}).</li>
 * </ul>
 *
 * <p>With {@code strict}, any rejection fails the run (exit 1): the run folder then holds only
 * {@code quarantine/} and the report, and no posts, and no manifest.
 */
public final class IngestJob {
  private IngestJob() {}

  /** What to do with a post id seen earlier in the input. */
  public enum Duplicates {
    /** The format's default: {@code keep} for airline, {@code quarantine} for the rest. */
    PRESET,
    /** Keep every row (counted under {@code duplicates}). */
    KEEP,
    /** Keep the first (input order: file order, then line), quarantine the rest as {@code duplicate_id}. */
    QUARANTINE;

    @Override
    public String toString() {
      return Choices.wire(this);
    }
  }

  public static final Option<Format> FORMAT = Option.parsed("--format", "F", null,
      "Input preset: airline, tweeteval, sentiment140, sanders, crisislex, generic, crisislab (posts), or nab (timestamp,value volume series -> series/).",
      Format::parse).required();
  public static final Option<List<Path>> INPUTS = Option.paths("--input", "PATH",
      "Input files or folders (folders are searched for the preset's files).").required().arity("1..*").key("inputs");
  public static final Option<Boolean> STRICT = Option.flag("--strict",
      "Fail the run (exit 1) on any rejected row; only quarantine/ and the report are written.");
  public static final Option<Boolean> KEEP_HANDLES = Option.flag("--keep-handles",
      "Also store raw author handles (column author_handle). Off by default: only salted hashes are stored.");
  public static final Option<String> AUTHOR_SALT = Option.text("--author-salt", "TEXT", AuthorKeys.DEFAULT_SALT,
      "Salt of author_key = SHA-256(salt, handle) (default: ${DEFAULT-VALUE}; use your own for real data).");
  public static final Option<Integer> MAX_TEXT_CHARS = Option.integer("--max-text-chars", "N", "10000",
      "Longest accepted text in characters (default: ${DEFAULT-VALUE}).").check(v -> v > 0, "must be > 0");
  public static final Option<String> NOT_AFTER = Option.text("--not-after", "INSTANT", null,
      "Latest accepted created_at, ISO-8601 (default: when the run starts).");
  public static final Option<Duplicates> DUPLICATES = Option.choice(Duplicates.class, "--duplicates", "POLICY", "preset",
      "Repeated post ids: ${COMPLETION-CANDIDATES}; preset keeps them for airline and quarantines them for the rest (default: ${DEFAULT-VALUE}).");
  public static final Option<List<String>> COLUMNS = Option.texts("--column", "CANONICAL=SOURCE", null,
      "generic format: map a canonical field to a source column (post_id=id, text=body, created_at=time, label=sentiment, ...); 'value' in single quotes is a constant.")
      .key("columns");
  /** Target bytes per read task; given in MiB on the command line. */
  public static final Option<Long> SPLIT_BYTES = Option.integer("--split-mb", "MB", "32",
      "Target MiB per read task; larger files are split at record boundaries (default: ${DEFAULT-VALUE}).")
      .as("splitBytes", mb -> (long) mb << 20);
  /** The airline file's longest record spans 9 lines. */
  public static final Option<Integer> MAX_RECORD_LINES = Option.integer("--max-record-lines", "N", "100",
      "Most physical lines one CSV record may span; a quoted field still open after that is an unterminated quote: its first line is quarantined and reading resumes at the next line (default: ${DEFAULT-VALUE}).")
      .check(v -> v >= 1, "must be >= 1");
  public static final Option<Integer> MAX_RECORD_BYTES = Option.integer("--max-record-bytes", "N", "1048576",
      "Most bytes one CSV record may span, same treatment (default: ${DEFAULT-VALUE}).")
      .check(v -> v >= 1024, "must be >= 1024");

  /** The options of {@code crisislab ingest}, in help order. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, FORMAT, INPUTS, STRICT, KEEP_HANDLES,
      AUTHOR_SALT, MAX_TEXT_CHARS, NOT_AFTER, DUPLICATES, COLUMNS, SPLIT_BYTES, MAX_RECORD_LINES, MAX_RECORD_BYTES);

  /**
   * A validated ingest configuration; build one with {@link #defaults}.
   *
   * @param format the preset
   * @param inputs files or folders (folders are expanded to the preset's files, sorted)
   * @param strict fail the run on any rejection
   * @param keepHandles also store raw author handles (column {@code author_handle}); off by default
   * @param authorSalt salt of {@code author_key}
   * @param maxTextChars longest accepted text in UTF-16 chars
   * @param notAfter latest accepted created_at as ISO-8601 (null: the moment the run starts)
   * @param duplicates the duplicate-id policy
   * @param columns generic format's {@code canonical=source} pairs (empty for the other presets)
   * @param splitBytes target bytes per read task (large files are split at record boundaries)
   * @param maxRecordLines most physical lines one CSV record may span; a quoted field still open
   *     after that is an unterminated quote: its first line is quarantined and reading resumes at the
   *     next line
   * @param maxRecordBytes most bytes one CSV record may span, same treatment
   */
  public record Config(Format format, List<Path> inputs, boolean strict, boolean keepHandles, String authorSalt,
      int maxTextChars, String notAfter, Duplicates duplicates, List<String> columns, long splitBytes,
      int maxRecordLines, int maxRecordBytes) {
    public Config {
      if (format == null) {
        throw new UsageException("--format is required; one of airline, tweeteval, sentiment140, sanders, crisislex, generic, crisislab");
      }
      if (inputs == null || inputs.isEmpty()) {
        throw new UsageException("--input is required (one or more files or folders)");
      }
      inputs = List.copyOf(inputs);
      if (authorSalt == null || authorSalt.isEmpty()) {
        throw new UsageException("--author-salt must not be empty");
      }
      if (notAfter != null) {
        try {
          Instant.parse(notAfter);
        } catch (DateTimeParseException e) {
          throw new UsageException("--not-after " + notAfter + ": expected an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
      }
      duplicates = duplicates == null ? Duplicates.PRESET : duplicates;
      columns = columns == null ? List.of() : List.copyOf(columns);
      if (format == Format.GENERIC) {
        ColumnMapping.requireBasics(ColumnMapping.parse(columns));
      } else if (!columns.isEmpty()) {
        throw new UsageException("--column applies only to --format generic");
      }
      if (splitBytes < 1024) {
        throw new UsageException("split size must be >= 1024 bytes, got " + splitBytes);
      }
    }

    /** The {@link #OPTIONS} defaults for reading {@code inputs} with the preset {@code format}. */
    public static Settings<Config> defaults(Format format, List<Path> inputs) {
      return OPTIONS.defaults().with(FORMAT, format).with(INPUTS, inputs);
    }

    /** Whether repeated ids are kept under this config. */
    public boolean keepsDuplicates() {
      return duplicates == Duplicates.KEEP || (duplicates == Duplicates.PRESET && format.keepsDuplicatesByDefault());
    }
  }

  /**
   * What the run produced.
   *
   * @param report the report (also written to {@code ingest-report.json})
   * @param posts the {@code posts/} folder ({@code series/} for series formats)
   * @param quarantine the {@code quarantine/} folder
   */
  public record Result(IngestReport report, Path posts, Path quarantine) {}

  /** Sub-folder of rejected rows. */
  public static final String QUARANTINE = "quarantine";

  /** Runs the ingest into {@code ctx.dir()}. */
  public static Result run(SparkSession spark, Config c, RunContext ctx) {
    Instant notAfter = c.notAfter() != null ? Instant.parse(c.notAfter()) : Instant.now();
    List<Path> files = new ArrayList<>();
    for (Path in : c.inputs()) {
      files.addAll(c.format().expand(in));
      ctx.input(in);
    }
    if (c.format() == Format.NAB) {
      return SeriesIngest.run(spark, c, ctx, files, notAfter);
    }
    PostValidator validator = new PostValidator(c.format().labelMap(), c.format().timestampRequired(),
        c.maxTextChars(), notAfter, c.authorSalt());
    Map<String, String> columnMap = new LinkedHashMap<>(ColumnMapping.parse(c.columns()));
    boolean keepDups = c.keepsDuplicates();

    List<Split.Plan> lines = new ArrayList<>();
    Dataset<Row> rows = readAll(spark, c, files, validator, columnMap, !keepDups, lines);
    Dataset<Row> flagged;
    long duplicates;
    if (keepDups) {
      flagged = rows;
      flagged.persist(StorageLevel.MEMORY_AND_DISK());
      Row d = flagged.filter(col(IngestRows.REASON).isNull()).groupBy(PostColumns.POST_ID).count()
          .filter(col("count").gt(1)).agg(sum(col("count").minus(1))).first();
      duplicates = d.isNullAt(0) ? 0 : d.getLong(0);
    } else {
      WindowSpec w = Window.partitionBy(col(PostColumns.POST_ID)).orderBy(col(IngestRows.FILE), col(IngestRows.ROW));
      Dataset<Row> valid = rows.filter(col(IngestRows.REASON).isNull())
          .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(w))
          .withColumn("_first", org.apache.spark.sql.functions.first(col(PostColumns.SOURCE)).over(w));
      Column dup = col("_rank").gt(1);
      valid = valid
          .withColumn(IngestRows.REASON, when(dup, lit(RejectReason.DUPLICATE_ID.code())).otherwise(lit(null).cast("string")))
          .withColumn(IngestRows.DETAIL, when(dup, org.apache.spark.sql.functions.concat(lit("post_id first seen at "), col("_first"))))
          .drop("_rank", "_first");
      flagged = valid.unionByName(rows.filter(col(IngestRows.REASON).isNotNull()));
      flagged.persist(StorageLevel.MEMORY_AND_DISK());
      duplicates = -1;
    }
    try {
      IngestReport report = IngestTally.report(c, files, lines, flagged, duplicates, keepDups);
      ctx.stage("read " + c.format().wire(), report.read());
      Path quarantine = ctx.file(QUARANTINE);
      writeQuarantine(flagged, quarantine);
      ctx.stage("quarantine", report.rejected());
      AtomicFiles.writeString(ctx.file(IngestReport.FILE), Json.write(report));
      ctx.count("accepted", report.accepted());
      ctx.count("rejected", report.rejected());
      if (c.strict() && report.rejected() > 0) {
        Path kept = failStrict(ctx.dir());
        throw new DataException("--strict: " + report.rejected() + " of " + report.read() + " rows rejected "
            + report.rejectedByReason().entrySet().stream().filter(e -> e.getValue() > 0).toList()
            + "; see " + kept.resolve(QUARANTINE) + " (no posts were written)");
      }
      Path posts = ctx.file(PostsDataset.SUBDIR);
      List<String> outCols = new ArrayList<>(PostColumns.ALL);
      if (c.keepHandles()) {
        outCols.add(IngestRows.AUTHOR_HANDLE);
      }
      Dataset<Row> accepted = flagged.filter(col(IngestRows.REASON).isNull())
          .repartition(col(PostColumns.BRAND), col(PostColumns.DAY))
          .sortWithinPartitions(col(PostColumns.BRAND), col(PostColumns.DAY), col(IngestRows.FILE), col(IngestRows.ROW))
          .select(outCols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
      PostsDataset.write(accepted, posts);
      ctx.stage("write posts", report.accepted());
      return new Result(report, posts, quarantine);
    } finally {
      flagged.unpersist();
    }
  }

  /** Reads every file of the run into ingest rows (accepted and rejected). */
  static Dataset<Row> readAll(SparkSession spark, Config c, List<Path> files, PostValidator validator,
      Map<String, String> columnMap, boolean keepRecords, List<Split.Plan> plans) {
    List<Split> splits = new ArrayList<>();
    SplitReader reader = new SplitReader(c.format(), validator, columnMap, c.keepHandles(), keepRecords,
        c.authorSalt(), c.maxRecordLines(), c.maxRecordBytes());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JavaRDD<Row>> parts = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      Format.Layout layout = c.format().layout(f);
      if (layout == Format.Layout.PARQUET) {
        Dataset<Row> df = c.format() == Format.CRISISLAB ? PostsDataset.read(spark, f)
            : spark.read().parquet(f.toAbsolutePath().toString());
        if (c.format() == Format.GENERIC) {
          Format.GENERIC.mapper(f.getFileName().toString(), Format.normaliseHeader(List.of(df.columns())), columnMap);
        }
        int idx = i;
        String name = f.getFileName().toString();
        parts.add(df.toJavaRDD().zipWithIndex().map(t -> reader.fromParquet(idx, name, t._1(), t._2())));
        continue;
      }
      List<String> header = layout == Format.Layout.CSV_HEADER ? readHeader(f, columnMap, c.format())
          : layout == Format.Layout.JSONL ? InputChecks.jsonNames(f, columnMap) : null;
      int expected = layout == Format.Layout.CSV_HEADER || layout == Format.Layout.CSV_NO_HEADER
          ? c.format().mapper(f.getFileName().toString(), header, columnMap).expectedFields() : -1;
      Split.Plan plan = Split.plan(i, f, header, layout, c.splitBytes(), c.maxRecordLines(), c.maxRecordBytes(), expected);
      plans.add(plan);
      splits.addAll(plan.splits());
    }
    if (!splits.isEmpty()) {
      parts.add(jsc.parallelize(splits, splits.size()).flatMap(s -> reader.read(s).iterator()));
    }
    JavaRDD<Row> rdd = parts.size() == 1 ? parts.get(0) : jsc.union(parts.toArray(JavaRDD[]::new));
    return spark.createDataFrame(rdd, IngestRows.schema());
  }

  /** The normalised header of a CSV file, checked against the preset (fails fast naming the file). */
  static List<String> readHeader(Path file, Map<String, String> columnMap, Format format) {
    byte[] head;
    if (!Split.isGzip(file)) {
      Split.requireText(file);
    }
    try (var in = Split.open(file)) {
      head = in.readNBytes(1 << 20);
    } catch (IOException e) {
      throw new UsageException("--input " + file + ": cannot read: " + e.getMessage(), e);
    }
    int end = Csv.trimEol(head, 0, Csv.recordEnd(head, 0, head.length, true));
    String line = new String(head, 0, end, StandardCharsets.UTF_8);
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> fields = Csv.fields(line, ',');
    if (fields == null || line.isBlank()) {
      throw new DataException(file + ": line 1: no readable CSV header");
    }
    List<String> header = Format.normaliseHeader(fields);
    format.mapper(file.getFileName().toString(), header, columnMap); // validates required columns
    return header;
  }

  static void writeQuarantine(Dataset<Row> flagged, Path dir) {
    flagged.filter(col(IngestRows.REASON).isNotNull())
        .orderBy(col(IngestRows.FILE), col(IngestRows.ROW))
        .coalesce(1)
        .select(col(PostColumns.SOURCE).as("source"), col(IngestRows.REASON).as("reason"),
            col(IngestRows.DETAIL).as("detail"), col(PostColumns.POST_ID).as("post_id"),
            col(IngestRows.RECORD).as("record"))
        .write().mode(SaveMode.ErrorIfExists).option("ignoreNullFields", "false").json(dir.toAbsolutePath().toString());
  }

  /**
   * A strict run that rejected rows keeps its quarantine and report for the user, but no posts and
   * no manifest: they are moved from the temporary run folder to the run folder's final place
   * ({@code RunFolder} names the temporary folder {@code .<name>.tmp-<id>} next to it), and the
   * temporary folder is then discarded by the failing run.
   */
  static Path failStrict(Path workDir) {
    String name = workDir.getFileName().toString();
    int tmp = name.lastIndexOf(".tmp-");
    Path target = name.startsWith(".") && tmp > 1
        ? workDir.resolveSibling(name.substring(1, tmp)) : workDir.resolveSibling(name + "-failed");
    try {
      Files.createDirectories(target);
      for (String f : List.of(QUARANTINE, IngestReport.FILE)) {
        Path dst = target.resolve(f);
        if (Files.exists(dst)) {
          RunFolder.deleteTree(dst);
        }
        Files.move(workDir.resolve(f), dst);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the quarantine of a failed strict run in " + target, e);
    }
  }
}
