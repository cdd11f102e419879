package io.crisislab.models.post;

/**
 * Column names of the canonical volume-series dataset: one row per (series, bucket).
 * {@link #BUCKET_START} is a UTC instant; {@link #BUCKET_SECONDS} the bucket width in seconds;
 * counts are posts per bucket; {@link #NEGATIVE_COUNT} is null when the source has no labels.
 */
public final class SeriesColumns {
  private SeriesColumns() {}

  public static final String SERIES_ID = "series_id";
  public static final String BUCKET_START = "bucket_start";
  public static final String BUCKET_SECONDS = "bucket_seconds";
  public static final String COUNT = "count";
  public static final String NEGATIVE_COUNT = "negative_count";
}
