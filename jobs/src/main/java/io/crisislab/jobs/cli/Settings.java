package io.crisislab.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values for a job's {@link Options}, by option: defaults overridden by name
 * ({@code TrainJob.OPTIONS.defaults().with(TrainJob.POSTS, dir).with(TrainJob.FOLDS, 2).build()}).
 * Immutable; {@link #build()} checks every value and makes the job's config record.
 *
 * @param <C> the job's config record
 */
public final class Settings<C extends Record> {
  private final Options<C> table;
  private final Map<Option<?>, Object> values;

  Settings(Options<C> table, Map<Option<?>, Object> values) {
    this.table = table;
    this.values = values;
  }

  /** These settings with {@code option} set to {@code value}. */
  public <T> Settings<C> with(Option<T> option, T value) {
    if (!values.containsKey(option)) {
      throw new IllegalArgumentException(option.name() + " is not an option of this job");
    }
    Map<Option<?>, Object> copy = new LinkedHashMap<>(values);
    copy.put(option, value);
    return new Settings<>(table, copy);
  }

  /** The value of {@code option}. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return (T) values.get(option);
  }

  /** The validated config; a wrong value is a {@code UsageException} naming its flag. */
  public C build() {
    return table.build(values);
  }
}
