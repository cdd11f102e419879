package io.crisislab.jobs.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job's option table: every {@link Option} of the job, in help order, and the config record they
 * fill. This is the one place where flags, YAML keys and programmatic settings become a config:
 * each record component takes the value of the option whose {@link Option#key()} is its name.
 *
 * <pre>{@code
 * public static final Options<Config> OPTIONS = Options.of(Config.class, BRANDS, DAYS, ...);
 * GenerateJob.Config c = GenerateJob.OPTIONS.defaults().with(GenerateJob.DAYS, 7).build();
 * }</pre>
 *
 * @param <C> the job's config record
 */
public final class Options<C extends Record> {
  private final Class<C> record;
  private final List<Option<?>> options;
  private final Constructor<C> constructor;

  private Options(Class<C> record, List<Option<?>> options) {
    this.record = record;
    this.options = options;
    RecordComponent[] parts = record.getRecordComponents();
    Set<String> components = new TreeSet<>();
    Set<String> keys = new TreeSet<>();
    Arrays.stream(parts).forEach(p -> components.add(p.getName()));
    options.forEach(o -> keys.add(o.key()));
    if (!components.equals(keys) || keys.size() != options.size()) {
      // a programming error, caught by the first test that loads the job
      throw new IllegalStateException(record.getName() + ": components " + components + " must match options " + keys);
    }
    try {
      constructor = record.getDeclaredConstructor(Arrays.stream(parts).map(RecordComponent::getType)
          .toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The table of {@code record}: one option per record component, named like it. */
  public static <C extends Record> Options<C> of(Class<C> record, Option<?>... options) {
    return new Options<>(record, List.of(options));
  }

  /** The options, in declaration order. */
  public List<Option<?>> list() {
    return options;
  }

  /** Every option at its default (null for options without one, such as required paths). */
  public Settings<C> defaults() {
    Map<Option<?>, Object> values = new LinkedHashMap<>();
    options.forEach(o -> values.put(o, o.defaultValue()));
    return new Settings<>(this, values);
  }

  /**
   * Adds the options to a command's picocli model: flags, help text and defaults come from here. An
   * option the command already has (a common option such as {@code --verbose}) is read, not added again.
   */
  public void addTo(CommandSpec spec) {
    options.stream().filter(o -> spec.findOption(o.name()) == null).forEach(o -> spec.addOption(o.spec()));
  }

  /** The values picocli parsed for {@code spec} (flags, else YAML values, else defaults). */
  public Settings<C> fromCli(CommandSpec spec) {
    Map<Option<?>, Object> values = new LinkedHashMap<>();
    for (Option<?> o : options) {
      OptionSpec parsed = spec.findOption(o.name());
      values.put(o, o.fromCli(parsed.getValue()));
    }
    return new Settings<>(this, values);
  }

  /**
   * Checks every value ({@link Option#check}), then calls the record's constructor by component name.
   * A required option left null reaches the record, whose constructor refuses it in its own words.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  C build(Map<Option<?>, Object> values) {
    for (Option<?> o : options) {
      ((Option) o).validate(values.get(o));
    }
    Map<String, Object> byKey = new LinkedHashMap<>();
    values.forEach((o, v) -> byKey.put(o.key(), v));
    Object[] args = Arrays.stream(record.getRecordComponents()).map(p -> byKey.get(p.getName())).toArray();
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // a primitive component given null: an option without default the caller did not set
      throw new IllegalStateException(record.getSimpleName() + ": cannot build from " + byKey, e);
    }
  }
}
