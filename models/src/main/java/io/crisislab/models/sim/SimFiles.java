package io.crisislab.models.sim;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Reading the simulator's JSON outputs back: one place for the unreadable-file and foreign-format errors. */
final class SimFiles {
  private SimFiles() {}

  /**
   * Reads {@code file} as {@code type}; a missing, malformed or foreign file (its format id is not
   * {@code format}) is a DataException naming it and {@code what} it should be.
   */
  static <T> T read(Path file, Class<T> type, String what, String format, Function<T, String> formatOf) {
    T t;
    try {
      t = Json.mapper().readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new DataException("cannot read " + what + " " + file + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (!format.equals(formatOf.apply(t))) {
      throw new DataException(file + ": format '" + formatOf.apply(t) + "', expected '" + format + "'");
    }
    return t;
  }
}
