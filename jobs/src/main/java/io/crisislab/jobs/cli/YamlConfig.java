package io.crisislab.jobs.cli;

import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private YamlConfig(Path file, Map<String, Object> root) {
    this.file = file;
    this.root = root;
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
        return new YamlConfig(file, Map.of());
      }
      if (!(parsed instanceof Map)) {
        throw new UsageException("--config " + file + ": expected a YAML mapping of option names to values");
      }
      return new YamlConfig(file, new LinkedHashMap<>((Map<String, Object>) parsed));
    } catch (IOException e) {
      throw new UsageException("--config " + file + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }
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
        for (Object k : section.keySet()) {
          if (!subKeys.contains(String.valueOf(k))) {
            throw unknown(key + "." + k, subKeys);
          }
        }
      } else if (!common.contains(key) && !subKeys.contains(key)) {
        Set<String> accepted = new TreeSet<>(common);
        accepted.addAll(subKeys);
        throw unknown(key, accepted);
      }
    }
  }

  private UsageException unknown(String key, Set<String> accepted) {
    return new UsageException("--config " + file + ": unknown key '" + key + "'; accepted keys: "
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
