package io.crisislab.jobs.cli;

import io.crisislab.models.errors.UsageException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Enums as flag values: each choice enum's {@code toString()} is its wire name (what users type
 * and what run files record, e.g. {@code three-class}); picocli matches that name, and so does
 * {@link #parse} for values read back from files.
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

  /** The wire names of {@code type}, comma-separated (for help and error text). */
  public static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
  }
}
