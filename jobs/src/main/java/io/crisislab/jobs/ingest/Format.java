package io.crisislab.jobs.ingest;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.Label;
import io.crisislab.models.post.PostValidator.LabelMap;
import io.crisislab.models.post.RawPost;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Ingest format presets: which files a folder holds, how records are laid out, and how fields map
 * onto the canonical post ({@link RawPost}). See {@code data/schemas/posts.md} for the mapping
 * table of every preset.
 */
public enum Format {
  /** Twitter US Airline Sentiment {@code Tweets.csv} (header, multi-line quoted texts, {@code -0800} offsets). */
  AIRLINE("post_id=tweet_id", "platform='twitter'", "channel='mention'", "brand=airline", "created_at=tweet_created",
      "text=text", "author=name?", "shares=retweet_count?", "label=airline_sentiment",
      "label_confidence=airline_sentiment_confidence?", "negative_reason=negativereason?"),
  /** TweetEval sentiment: paired {@code <split>_text.txt} / {@code <split>_labels.txt}, labels 0/1/2. */
  TWEETEVAL,
  /** Sentiment140: the six-column CSV (polarity 0/2/4, id, date, query, user, text) or text-only {@code negative.txt}/{@code positive.txt}. */
  SENTIMENT140,
  /** Sanders corpus: Topic, Sentiment, TweetId, TweetDate, TweetText. */
  SANDERS("post_id=tweetid", "platform='twitter'", "channel='mention'", "brand=topic", "created_at=tweetdate",
      "text=tweettext", "label=sentiment"),
  /** CrisisLex T26 {@code *-tweets_labeled.csv} and T6 {@code *-ontopic_offtopic.csv}. */
  CRISISLEX,
  /** Any CSV, JSONL or Parquet with a column mapping ({@code --column canonical=source}). */
  GENERIC,
  /** CrisisLab's own posts Parquet (a run folder or its {@code posts/}). */
  CRISISLAB,
  /** NAB volume series, {@code timestamp,value} CSV per series: written as canonical series ({@code series/}), not posts. */
  NAB;

  /**
   * The preset's header columns as a {@link ColumnMapping} ({@code canonical=source} pairs, the
   * {@code --column} syntax), or empty where records need more than a column lookup.
   */
  private final Map<String, String> columns;

  Format(String... columns) {
    this.columns = ColumnMapping.parse(List.of(columns));
  }

  /** How a file's records are laid out. */
  enum Layout { CSV_HEADER, CSV_NO_HEADER, LINES, PAIRED_LINES, JSONL, PARQUET }

  /** Lower-case flag value. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@code --format} value; unknown names are a usage error listing the known ones. */
  public static Format parse(String s) {
    for (Format f : values()) {
      if (f.wire().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new UsageException("--format " + s + ": unknown format; choose one of "
        + Arrays.stream(values()).map(Format::wire).toList());
  }

  /** Whether the source has timestamps on every row (a missing one is then a rejection). */
  boolean timestampRequired() {
    return this == AIRLINE || this == SANDERS;
  }

  /**
   * Whether repeated post ids are kept by default. Only {@code airline}: CrowdFlower annotated 155
   * tweets twice (36 of them identically), and the published class counts (9,178/3,099/2,363 of
   * 14,640) count both annotations; the report still counts them under {@code duplicates}.
   */
  boolean keepsDuplicatesByDefault() {
    return this == AIRLINE;
  }

  /** The label mapping of the preset. */
  LabelMap labelMap() {
    return switch (this) {
      case AIRLINE -> LabelMap.byName(true);
      case TWEETEVAL -> new LabelMap(Map.of("0", Label.NEGATIVE, "1", Label.NEUTRAL, "2", Label.POSITIVE), Set.of(), true);
      case SENTIMENT140 -> new LabelMap(Map.of("0", Label.NEGATIVE, "2", Label.NEUTRAL, "4", Label.POSITIVE,
          "negative", Label.NEGATIVE, "positive", Label.POSITIVE), Set.of(), true);
      case SANDERS -> new LabelMap(Map.of("negative", Label.NEGATIVE, "neutral", Label.NEUTRAL,
          "positive", Label.POSITIVE), Set.of("irrelevant"), true);
      case CRISISLEX -> LabelMap.none();
      case GENERIC, CRISISLAB, NAB -> LabelMap.byName(false);
    };
  }

  /** The files an input path stands for: the file itself, or the preset's files in a folder (sorted, recursive). */
  List<Path> expand(Path input) {
    if (!Files.exists(input)) {
      throw new UsageException("--input " + input + ": no such file or folder");
    }
    if (this == CRISISLAB) {
      return List.of(input);
    }
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    Predicate<String> want = switch (this) {
      case AIRLINE, SANDERS, NAB -> n -> n.endsWith(".csv");
      case TWEETEVAL -> n -> n.endsWith("_text.txt");
      case SENTIMENT140 -> n -> n.endsWith(".csv") || n.equals("negative.txt") || n.equals("positive.txt")
          || n.equals("neutral.txt");
      case CRISISLEX -> n -> n.endsWith("-tweets_labeled.csv") || n.endsWith("-ontopic_offtopic.csv");
      case GENERIC -> n -> n.endsWith(".csv") || n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".parquet");
      case CRISISLAB -> n -> true;
    };
    try (Stream<Path> s = Files.walk(input)) {
      List<Path> files = s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> want.test(p.getFileName().toString()))
          .sorted().toList();
      if (files.isEmpty()) {
        throw new UsageException("--input " + input + ": no " + wire() + " files in this folder");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + input, e);
    }
  }

  /**
   * A file's name without a {@code .gz} suffix: a gzip file given as {@code --input} is read
   * decompressed and laid out as the rest of its name says. Folders are not searched for
   * {@code .gz} files (NAB's folder keeps compressed published results that are not inputs).
   */
  static String plainName(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
  }

  /** The layout of one of this preset's files. */
  Layout layout(Path file) {
    String n = plainName(file);
    return switch (this) {
      case AIRLINE, SANDERS, CRISISLEX, NAB -> Layout.CSV_HEADER;
      case TWEETEVAL -> Layout.PAIRED_LINES;
      case SENTIMENT140 -> n.endsWith(".txt") ? Layout.LINES : Layout.CSV_NO_HEADER;
      case GENERIC -> n.endsWith(".parquet") ? Layout.PARQUET
          : (n.endsWith(".jsonl") || n.endsWith(".json")) ? Layout.JSONL : Layout.CSV_HEADER;
      case CRISISLAB -> Layout.PARQUET;
    };
  }

  /**
   * Maps the fields of text-format records of one file onto a {@link RawPost}. Built once per file
   * from its header; {@link #expectedFields} is what a well-formed record has (-1: any).
   */
  interface FieldMapper {
    int expectedFields();

    /** Index of the author handle among the fields, or -1 (quarantine hashes it; see {@link QuarantineText}). */
    int authorField();

    void map(List<String> fields, long line, RawPost out);
  }

  /**
   * The mapper for {@code file} with its (already trimmed, lower-cased) header, or null header for
   * header-less layouts.
   *
   * @throws DataException when the header lacks a column the preset needs
   */
  FieldMapper mapper(String fileName, List<String> header, Map<String, String> columnMap) {
    return switch (this) {
      case CRISISLEX -> {
        Cols c = new Cols(fileName, header);
        int id = c.need("tweet id");
        int text = c.has("tweet text") ? c.need("tweet text") : c.need("tweet");
        String event = fileName.replaceFirst("-(tweets_labeled|ontopic_offtopic)\\.csv$", "");
        yield new Simple(header.size(), (f, line, r) -> {
          String rawId = f.get(id).strip();
          if (rawId.length() >= 2 && rawId.startsWith("'") && rawId.endsWith("'")) {
            rawId = rawId.substring(1, rawId.length() - 1);
          }
          r.id = rawId;
          r.platform = "twitter";
          r.brand = event;
          r.text = f.get(text);
          // CrisisLex labelled files carry no times; 2012-2013 tweet ids are snowflakes that encode them
          r.createdAtDerived = Timestamps.fromSnowflake(rawId);
        });
      }
      case SENTIMENT140 -> {
        if (header == null && fileName.endsWith(".txt")) {
          String stem = fileName.substring(0, fileName.length() - 4);
          yield new Simple(-1, (f, line, r) -> {
            r.id = "sentiment140/" + stem + "/" + line;
            r.platform = "twitter";
            r.text = f.get(0).stripTrailing();
            r.label = stem;
          });
        }
        yield new Simple(6, 4, (f, line, r) -> {
          r.label = f.get(0);
          r.id = f.get(1);
          r.createdAt = f.get(2);
          r.author = f.get(4);
          r.text = f.get(5);
          r.platform = "twitter";
        });
      }
      case TWEETEVAL -> {
        String split = fileName.replaceFirst("_text\\.txt$", "");
        // fields: [text, label]; the reader pairs the two files line by line
        yield new Simple(2, (f, line, r) -> {
          r.id = "tweeteval/" + split + "/" + line;
          r.platform = "twitter";
          r.text = f.get(0).strip();
          r.label = f.get(1).strip();
        });
      }
      case AIRLINE, SANDERS -> ColumnMapping.mapper(fileName, header, columns, false);
      case GENERIC -> ColumnMapping.mapper(fileName, header, columnMap, true);
      case CRISISLAB -> throw new IllegalStateException("crisislab is read as Parquet");
      case NAB -> {
        Cols c = new Cols(fileName, header);
        c.need("timestamp");
        c.need("value");
        yield new Simple(header.size(), (f, line, r) -> {
          throw new IllegalStateException("nab rows are series, read by NabSeriesReader");
        });
      }
    };
  }

  /** A mapper with a fixed field count. */
  record Simple(int expectedFields, int authorField, Body body) implements FieldMapper {
    Simple(int expectedFields, Body body) {
      this(expectedFields, -1, body);
    }

    @Override
    public void map(List<String> fields, long line, RawPost out) {
      body.map(fields, line, out);
    }
  }

  /** The mapping body of {@link Simple}. */
  @FunctionalInterface
  interface Body {
    void map(List<String> fields, long line, RawPost out);
  }

  /** Header lookup naming the file when a needed column is missing. */
  static final class Cols {
    private final String file;
    private final List<String> header;

    Cols(String file, List<String> header) {
      this.file = file;
      this.header = header == null ? List.of() : header;
    }

    boolean has(String name) {
      return header.contains(name);
    }

    int need(String name) {
      int i = header.indexOf(name);
      if (i < 0) {
        throw missing(name);
      }
      return i;
    }

    /** The error of a preset file whose header lacks column {@code name}. */
    DataException missing(String name) {
      return new DataException(file + ": header has no column '" + name + "' (columns: " + header + ")");
    }
  }

  /** Normalises header names: trimmed, lower case (CrisisLex headers have leading spaces). */
  static List<String> normaliseHeader(List<String> raw) {
    List<String> h = new ArrayList<>(raw.size());
    for (String s : raw) {
      h.add(s.strip().toLowerCase(Locale.ROOT));
    }
    return h;
  }
}
