package io.crisislab.jobs.cli;

import io.crisislab.models.errors.UsageException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One job option, declared once (in the manner of Spark ML's {@code Param}): its flag, value label,
 * help text, default, parser and check. A job lists its options in an {@link Options} table; the
 * command line (help included), the {@code --config} YAML check and the job's config record all read
 * that table. Declare one as a constant of the job class:
 *
 * <pre>{@code
 * public static final Option<Integer> DAYS = Option.integer("--days", "D", "14", "Number of days (default: ${DEFAULT-VALUE}).")
 *     .check(d -> d >= 1 && d <= 3650, "must be in 1..3650");
 * }</pre>
 *
 * <p>The option's {@link #key()} ({@code days}) names the config record component that receives its
 * value and the YAML key. Help text may use picocli's {@code ${DEFAULT-VALUE}} and
 * {@code ${COMPLETION-CANDIDATES}}.
 *
 * @param <T> the value type the job sees
 */
public final class Option<T> {
  private final String name;
  /** The config record component it fills; null means the flag in camelCase. */
  private final String key;
  private final String label;
  private final String doc;
  private final String defaultText;
  /** The type picocli converts the flag's text to (and the YAML check expects). */
  private final Class<?> cliType;
  private final Class<?>[] elementTypes;
  /** The flag's text (a default or a YAML value) to the value; also applied to what picocli parsed when {@link #cliType} is String. */
  private final Function<String, T> parser;
  /** What picocli produced to the value. */
  private final Function<Object, T> fromCli;
  private final boolean required;
  private final String arity;
  /** Whether one occurrence of a list option may hold several comma-separated values. */
  private final boolean split;
  private final Predicate<T> check;
  private final String rule;

  private Option(String name, String key, String label, String doc, String defaultText, Class<?> cliType, Class<?>[] elementTypes,
      Function<String, T> parser, Function<Object, T> fromCli, boolean required, String arity, boolean split,
      Predicate<T> check, String rule) {
    this.name = name;
    this.key = key;
    this.label = label;
    this.doc = doc;
    this.defaultText = defaultText;
    this.cliType = cliType;
    this.elementTypes = elementTypes;
    this.parser = parser;
    this.fromCli = fromCli;
    this.required = required;
    this.arity = arity;
    this.split = split;
    this.check = check;
    this.rule = rule;
  }

  @SuppressWarnings("unchecked")
  private static <T> Option<T> typed(String name, String label, String defaultText, String doc, Class<?> cliType,
      Class<?>[] elementTypes, Function<String, T> parser) {
    return new Option<>(name, null, label, doc, defaultText, cliType, elementTypes, parser, v -> (T) v, false, null,
        true, null, null);
  }

  /** A whole number. */
  public static Option<Integer> integer(String name, String label, String defaultText, String doc) {
    return typed(name, label, defaultText, doc, Integer.class, new Class<?>[0], s -> Integer.valueOf(s.strip()));
  }

  /** A whole number that may exceed 2^31. */
  public static Option<Long> longInteger(String name, String label, String defaultText, String doc) {
    return typed(name, label, defaultText, doc, Long.class, new Class<?>[0], s -> Long.valueOf(s.strip()));
  }

  /** A number. */
  public static Option<Double> decimal(String name, String label, String defaultText, String doc) {
    return typed(name, label, defaultText, doc, Double.class, new Class<?>[0], s -> Double.valueOf(s.strip()));
  }

  /** Free text. */
  public static Option<String> text(String name, String label, String defaultText, String doc) {
    return typed(name, label, defaultText, doc, String.class, new Class<?>[0], s -> s);
  }

  /** A file or folder; usually without default (null when not given). */
  public static Option<Path> path(String name, String label, String doc) {
    return typed(name, label, null, doc, Path.class, new Class<?>[0], Path::of);
  }

  /** An on/off flag, off unless given. */
  public static Option<Boolean> flag(String name, String doc) {
    return new Option<>(name, null, null, doc, "false", boolean.class, new Class<?>[0], Boolean::valueOf,
        v -> Boolean.TRUE.equals(v), false, null, true, null, null);
  }

  /** One of an enum's constants, typed as their wire name ({@link Choices}). */
  public static <E extends Enum<E>> Option<E> choice(Class<E> type, String name, String label, String defaultText,
      String doc) {
    return typed(name, label, defaultText, doc, type, new Class<?>[0], s -> choiceOf(type, name, s));
  }

  /** A comma-separated list of an enum's constants, typed as their wire names. */
  public static <E extends Enum<E>> Option<List<E>> choices(Class<E> type, String name, String label,
      String defaultText, String doc) {
    return list(name, label, defaultText, doc, type, s -> choiceOf(type, name, s.strip()));
  }

  /** A comma-separated list of numbers. */
  public static Option<List<Double>> decimals(String name, String label, String defaultText, String doc) {
    return list(name, label, defaultText, doc, Double.class, s -> Double.valueOf(s.strip()));
  }

  /** A comma-separated list of whole numbers. */
  public static Option<List<Integer>> integers(String name, String label, String defaultText, String doc) {
    return list(name, label, defaultText, doc, Integer.class, s -> Integer.valueOf(s.strip()));
  }

  /** A comma-separated list of texts. */
  public static Option<List<String>> texts(String name, String label, String defaultText, String doc) {
    return list(name, label, defaultText, doc, String.class, s -> s);
  }

  /** A comma-separated (or repeated) list of files or folders; empty when not given. */
  public static Option<List<Path>> paths(String name, String label, String doc) {
    return list(name, label, null, doc, Path.class, Path::of);
  }

  /**
   * A value picocli leaves as text and {@code parser} reads when the config is built, so that its
   * {@link UsageException} reaches the user as it is (e.g. a format name with the accepted ones).
   */
  public static <T> Option<T> parsed(String name, String label, String defaultText, String doc,
      Function<String, T> parser) {
    return new Option<>(name, null, label, doc, defaultText, String.class, new Class<?>[0], parser,
        v -> v == null ? null : parser.apply((String) v), false, null, true, null, null);
  }

  /** Repeatable {@code KEY=VALUE} pairs read by {@code parser} (which names the flag in its errors). */
  @SuppressWarnings("unchecked")
  public static <T> Option<Map<String, T>> pairs(String name, String label, String doc,
      Function<Map<String, String>, Map<String, T>> parser) {
    return new Option<>(name, null, label, doc, null, Map.class, new Class<?>[] {String.class, String.class},
        s -> Map.of(), v -> v == null ? Map.of() : parser.apply((Map<String, String>) v), false, null, true, null, null);
  }

  @SuppressWarnings("unchecked")
  private static <E> Option<List<E>> list(String name, String label, String defaultText, String doc, Class<E> type,
      Function<String, E> element) {
    Function<String, List<E>> parser = s -> Arrays.stream(s.split(",")).map(element).toList();
    return new Option<>(name, null, label, doc, defaultText, List.class, new Class<?>[] {type}, parser,
        v -> v == null ? List.of() : List.copyOf((List<E>) v), false, null, true, null, null);
  }

  /** The option must be given (on the command line, in the YAML file or by the caller). */
  public Option<T> required() {
    return new Option<>(name, key, label, doc, defaultText, cliType, elementTypes, parser, fromCli, true, arity, split,
        check, rule);
  }

  /** A list option whose values are separate arguments only ({@code --compare A B}), never {@code A,B}. */
  public Option<T> unsplit() {
    return new Option<>(name, key, label, doc, defaultText, cliType, elementTypes, parser, fromCli, required, arity,
        false, check, rule);
  }

  /** How many values one occurrence takes, in picocli's notation ({@code "2"}, {@code "1..*"}). */
  public Option<T> arity(String a) {
    return new Option<>(name, key, label, doc, defaultText, cliType, elementTypes, parser, fromCli, required, a, split,
        check, rule);
  }

  /**
   * The check a value must pass; a failing value is refused with {@code "<flag> <rule>, got <value>"}
   * (e.g. {@code --days must be in 1..3650, got 0}). Null values (option not given) are not checked.
   */
  public Option<T> check(Predicate<T> ok, String ruleText) {
    return new Option<>(name, key, label, doc, defaultText, cliType, elementTypes, parser, fromCli, required, arity, split,
        ok, ruleText);
  }

  /** This option filling the record component {@code component} instead of the one named after the flag. */
  public Option<T> key(String component) {
    return new Option<>(name, component, label, doc, defaultText, cliType, elementTypes, parser, fromCli, required, arity,
        split, check, rule);
  }

  /**
   * This option with its value converted by {@code f} for the config (e.g. {@code --split-mb} as bytes),
   * filling {@code component}; callers set the converted value. Checks apply to the converted value.
   */
  public <U> Option<U> as(String component, Function<T, U> f) {
    return new Option<>(name, component, label, doc, defaultText, cliType, elementTypes, parser.andThen(f),
        v -> {
          T t = fromCli.apply(v);
          return t == null ? null : f.apply(t);
        }, required, arity, split, null, null);
  }

  /** The flag, e.g. {@code --posts-per-day}. */
  public String name() {
    return name;
  }

  /** The config record component: the flag in camelCase ({@code postsPerDay}) unless {@link #key(String)} set it. */
  public String key() {
    if (key != null) {
      return key;
    }
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : name.replaceFirst("^-+", "").toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  public boolean isRequired() {
    return required;
  }

  /** The default value, or null when the option has none. */
  T defaultValue() {
    if (defaultText == null) {
      return fromCli.apply(null);
    }
    return parser.apply(defaultText);
  }

  /** The value from what picocli parsed. */
  T fromCli(Object parsed) {
    return fromCli.apply(parsed);
  }

  /** Throws the usage error of {@link #check} when {@code value} fails it. */
  void validate(T value) {
    if (value != null && check != null && !check.test(value)) {
      throw new UsageException(name + " " + rule + ", got " + value);
    }
  }

  /** The picocli option this declaration stands for (help text, type, arity, default). */
  OptionSpec spec() {
    OptionSpec.Builder b = OptionSpec.builder(name).description(doc).required(required).type(cliType);
    // picocli's own default for an annotated field is <fieldName>; keep that look
    b.paramLabel(label != null ? label : "<" + key() + ">");
    if (elementTypes.length > 0) {
      b.auxiliaryTypes(elementTypes);
    }
    if (cliType == List.class && split) {
      b.splitRegex(",");
    }
    if (arity != null) {
      b.arity(arity);
    }
    if (defaultText != null && cliType != boolean.class) {
      b.defaultValue(defaultText);
    }
    return b.build();
  }

  private static <E extends Enum<E>> E choiceOf(Class<E> type, String flag, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.toString().equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    return Choices.parse(type, flag, text.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return name;
  }
}
