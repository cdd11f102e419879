package io.crisislab.jobs.cli;

import io.crisislab.models.errors.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enums as flag values: each choice enum's {@code toString()} is its wire name ({@link #wire}: what
 * users type and what run files record, e.g. {@code THREE_CLASS} is {@code three-class}); picocli
 * matches that name, and so does {@link #parse} for values read back from files.
 */
public final class Choices {
  private Choices() {}

  /** The constant of {@code type} whose wire name is {@code value}; else a usage error naming {@code flag}. */
  public static <E extends Enum<E>> E parse(Class<E> type, String flag, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.toString().equals(value)) {
        return e;
      }
    }
    throw new UsageException(flag + " must be one of " + names(type) + ", got " + value);
  }

  /** The wire name of a choice: its constant name in lower case, {@code _} as {@code -}. */
  public static String wire(Enum<?> choice) {
    return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The wire names of {@code type}, comma-separated (for help and error text). */
  public static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
  }
}
