package io.crisislab.jobs.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from a YAML file, offered to picocli as defaults so that flags still win.
 *
 * <p>Top-level scalar keys apply to any subcommand that has such an option; a top-level map named
 * after a subcommand ({@code train:}, {@code simulate:}) applies to that subcommand only. Every key
 * must name an option: a typo fails the run (exit 2) instead of being ignored.
 */
public final class YamlConfig implements CommandLine.IDefaultValueProvider {
  private final Path file;
  private final Map<String, Object> root;
  /** Line of each key ({@code key} or {@code section.key}), for error messages. */
  private final Map<String, Integer> lines;
  /** The first wrong-shape value met while picocli asked for defaults, reported by {@link #validate}. */
  private UsageException deferred;

  private YamlConfig(Path file, Map<String, Object> root, Map<String, Integer> lines) {
    this.file = file;
    this.root = root;
    this.lines = lines;
  }

  /** Loads {@code file}; a missing, unreadable or non-map file is a usage error naming it. */
  @SuppressWarnings("unchecked")
  public static YamlConfig load(Path file) {
    if (!Files.isReadable(file)) {
      throw new UsageException("--config " + file + ": file not found or not readable");
    }
    try {
      Object parsed = Json.yaml().readValue(file.toFile(), Object.class);
      if (parsed == null) {
        return new YamlConfig(file, Map.of(), Map.of());
      }
      if (!(parsed instanceof Map)) {
        throw new UsageException("--config " + file + ": expected a YAML mapping of option names to values");
      }
      return new YamlConfig(file, new LinkedHashMap<>((Map<String, Object>) parsed), keyLines(file));
    } catch (IOException | RuntimeException e) {
      if (e instanceof UsageException u) {
        throw u;
      }
      // SnakeYAML refuses alias bombs and other hostile input with its own (unchecked) exceptions
      throw new UsageException("--config " + file + ": not valid YAML: " + readable(e), e);
    }
  }

  /** Lines of top-level keys and of keys one level down ({@code section.key}). */
  private static Map<String, Integer> keyLines(Path file) throws IOException {
    Map<String, Integer> out = new LinkedHashMap<>();
    try (JsonParser p = Json.yaml().getFactory().createParser(file.toFile())) {
      Deque<Boolean> objects = new ArrayDeque<>();
      String top = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT -> objects.push(true);
          case START_ARRAY -> objects.push(false);
          case END_OBJECT, END_ARRAY -> objects.pop();
          case FIELD_NAME -> {
            int line = p.currentLocation().getLineNr();
            if (objects.size() == 1) {
              top = p.currentName();
              out.putIfAbsent(top, line);
            } else if (objects.size() == 2 && Boolean.TRUE.equals(objects.peek()) && top != null) {
              out.putIfAbsent(top + "." + p.currentName(), line);
            }
          }
          default -> { }
        }
      }
    }
    return out;
  }

  /** A parser's message without Java class names, source excerpts or line breaks. */
  private static String readable(Exception e) {
    String m = e.getMessage() == null ? "unreadable" : e.getMessage();
    m = m.replaceAll("\\s*(?:\\(through reference chain|Source:|at \\[Source)[^\\n]*", "");
    m = m.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*", "");
    return firstLine(m.strip());
  }

  /** Finds {@code --config FILE} or {@code --config=FILE} in raw arguments, before picocli parses. */
  public static Path findConfigArg(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.longestName().equals("--config")) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    CommandSpec cmd = arg.command();
    Object section = cmd == null ? null : root.get(cmd.name());
    Object value = null;
    if (section instanceof Map<?, ?> m && m.containsKey(key)) {
      value = m.get(key);
    } else if (root.containsKey(key) && !(root.get(key) instanceof Map)) {
      value = root.get(key);
    }
    if (value == null) {
      return null;
    }
    String problem = shapeProblem(option, value);
    if (problem != null) {
      // picocli would otherwise ignore it (a map) or fail without naming the file; validate() reports it
      if (deferred == null) {
        String k = section instanceof Map<?, ?> m && m.containsKey(key) ? cmd.name() + "." + key : key;
        deferred = wrongShape(k, option, problem);
      }
      return null;
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(String.valueOf(v)));
      return String.join(option.splitRegex().isEmpty() ? "," : option.splitRegex(), parts);
    }
    return String.valueOf(value);
  }

  /**
   * Checks every key against the options of the root command and of the subcommand that runs.
   *
   * @throws UsageException naming the first unknown key and the accepted ones
   */
  public void validate(CommandSpec rootSpec, CommandSpec sub) {
    Set<String> common = optionKeys(rootSpec);
    Set<String> subKeys = optionKeys(sub);
    Set<String> commands = rootSpec.subcommands().keySet();
    for (Map.Entry<String, Object> e : root.entrySet()) {
      String key = e.getKey();
      if (e.getValue() instanceof Map<?, ?> section && commands.contains(key)) {
        if (!key.equals(sub.name())) {
          continue;
        }
        for (Map.Entry<?, ?> se : section.entrySet()) {
          String k = String.valueOf(se.getKey());
          if (!subKeys.contains(k)) {
            throw unknown(key + "." + k, subKeys);
          }
          check(key + "." + k, sub.findOption(k), se.getValue());
        }
      } else if (!common.contains(key) && !subKeys.contains(key)) {
        Set<String> accepted = new TreeSet<>(common);
        accepted.addAll(subKeys);
        throw unknown(key, accepted);
      } else {
        OptionSpec o = sub.findOption(key) != null ? sub.findOption(key) : rootSpec.findOption(key);
        check(key, o, e.getValue());
      }
    }
    if (deferred != null) {
      throw deferred;
    }
  }

  private void check(String key, OptionSpec option, Object value) {
    String problem = option == null || value == null ? null : shapeProblem(option, value);
    if (problem != null) {
      throw wrongShape(key, option, problem);
    }
  }

  /**
   * Why {@code value} cannot be the value of {@code option}, or null when it can: a map never can,
   * a list only for a multi-value option, and each scalar must convert to the option's type
   * (booleans must be YAML booleans, numbers numbers, enums one of their constants).
   */
  static String shapeProblem(OptionSpec option, Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?> list) {
      if (!option.isMultiValue()) {
        return "a list";
      }
      for (Object v : list) {
        String p = scalarProblem(option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : String.class, v);
        if (p != null) {
          return "a list holding " + p;
        }
      }
      return null;
    }
    Class<?> type = option.isMultiValue() && option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
    return scalarProblem(type, value);
  }

  private static String scalarProblem(Class<?> type, Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      return v instanceof Map<?, ?> ? "a mapping" : "a list";
    }
    String text = String.valueOf(v).strip();
    if (type == boolean.class || type == Boolean.class) {
      return v instanceof Boolean ? null : "'" + text + "'";
    }
    try {
      if (type == int.class || type == Integer.class) {
        Integer.parseInt(text);
      } else if (type == long.class || type == Long.class) {
        Long.parseLong(text);
      } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
        Double.parseDouble(text);
      } else if (type.isEnum()) {
        for (Object c : type.getEnumConstants()) {
          if (((Enum<?>) c).name().equalsIgnoreCase(text)) {
            return null;
          }
        }
        return "'" + text + "'";
      }
    } catch (NumberFormatException e) {
      return "'" + text + "'";
    }
    return v instanceof Boolean && type != String.class && !type.getName().equals("java.nio.file.Path") ? "'" + text + "'" : null;
  }

  private UsageException wrongShape(String key, OptionSpec option, String problem) {
    return new UsageException("--config " + file + where(key) + ": key '" + key + "' must be " + expected(option)
        + " (option " + option.longestName() + "), got " + problem);
  }

  private static String expected(OptionSpec option) {
    Class<?> t = option.isMultiValue() && option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
    String one = t == boolean.class || t == Boolean.class ? "true or false"
        : t == int.class || t == Integer.class || t == long.class || t == Long.class ? "a whole number"
        : t == double.class || t == Double.class || t == float.class || t == Float.class ? "a number"
        : t.isEnum() ? "one of " + java.util.Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name()
            .toLowerCase(java.util.Locale.ROOT)).toList()
        : "a single value";
    return option.isMultiValue() ? one + " or a list of them" : one;
  }

  private String where(String key) {
    Integer line = lines.get(key);
    return line == null ? "" : ": line " + line;
  }

  private UsageException unknown(String key, Set<String> accepted) {
    return new UsageException("--config " + file + where(key) + ": unknown key '" + key + "'; accepted keys: "
        + String.join(", ", accepted));
  }

  private static Set<String> optionKeys(CommandSpec spec) {
    Set<String> keys = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      keys.add(o.longestName().replaceFirst("^-+", ""));
    }
    keys.remove("help");
    keys.remove("version");
    keys.remove("config");
    return keys;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
