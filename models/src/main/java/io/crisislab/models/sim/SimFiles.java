package io.crisislab.models.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.nio.file.Path;

/** Reading the simulator's JSON outputs back: one place for the unreadable-file and foreign-format errors. */
final class SimFiles {
  private SimFiles() {}

  /**
   * Reads {@code file} as {@code type}; a missing, malformed or foreign file (its {@code format} id
   * is not {@code format}) is a DataException naming it and {@code what} it should be. The format is
   * checked before the fields, so a file of another version is refused as such.
   */
  static <T> T read(Path file, Class<T> type, String what, String format) {
    try {
      JsonNode tree = Json.mapper().readTree(file.toFile());
      String found = tree == null ? null : tree.path("format").asText(null);
      if (!format.equals(found)) {
        String family = format.substring(0, format.lastIndexOf('/') + 1);
        throw new DataException(file + ": format '" + found + "', expected '" + format + "'"
            + (found != null && found.startsWith(family) ? " (written by another CrisisLab version: re-run simulate)" : ""));
      }
      return Json.mapper().treeToValue(tree, type);
    } catch (IOException e) {
      throw new DataException("cannot read " + what + " " + file + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
