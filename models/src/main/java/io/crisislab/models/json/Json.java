package io.crisislab.models.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one JSON/YAML configuration every persisted CrisisLab format uses.
 *
 * <p>Keys are written in a stable order (record component order, map keys sorted) so that the same
 * content always gives the same bytes: golden-file tests and "same seed, same output" rely on it.
 * Unknown keys fail reading, so a typo in a bundle or plan is an error rather than a silent default.
 */
public final class Json {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  /** The shared JSON mapper (thread-safe once configured; do not reconfigure). */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** The shared YAML mapper, for plans, scenarios and job configs. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Pretty JSON text with a trailing newline. */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSON file into {@code type}; the error names the file. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
