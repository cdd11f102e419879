package io.crisislab.jobs.series;

import io.crisislab.jobs.cli.Option;
import java.nio.file.Path;

/** Options of the jobs that read volume series ({@code replay}, {@code tune}), declared once for both. */
public final class SeriesOptions {
  private SeriesOptions() {}

  public static final Option<Path> SERIES = Option.path("--series", "PATH",
      "timestamp,value CSV, a folder of them, or a posts dataset (run folder with posts/).").required();
  public static final Option<Path> WINDOWS = Option.path("--windows", "FILE",
      "Incident windows, NAB JSON {\"file.csv\": [[start, end], ...]} (generate's incidents.json).");

  /** 0: 300 s for posts; CSV series keep their own width. */
  public static final Option<Integer> BUCKET_SECONDS = Option.integer("--bucket-seconds", "S", "0",
      "Bucket width for posts, 0 = 300 s (default: ${DEFAULT-VALUE}); CSV series keep theirs.")
      .check(v -> v >= 0, "must be >= 0");

  /** auto: negative posts when labelled or scored, else all posts. */
  public static final Option<Measure> MEASURE = Option.choice(Measure.class, "--measure", "M", "auto",
      "What posts series count: ${COMPLETION-CANDIDATES}; auto = negative, expected-negative = sum of p_negative (default: ${DEFAULT-VALUE}).");

  public static final Option<Integer> MAX_CHARTS = Option.integer("--max-charts", "N", "60",
      "Charts in the report at most (default: ${DEFAULT-VALUE}).").check(v -> v >= 0, "must be >= 0");
}
