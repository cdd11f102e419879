package io.crisislab.jobs.bench;

import io.crisislab.models.errors.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Python peer of a benchmark (pandas, scikit-learn, numpy, plain Python) from the project's
 * virtual environment {@code .venv} (made by {@code bench/python/venv.sh}) and returns its last
 * standard-output line, which the peer scripts print as JSON.
 */
public final class PythonPeer {
  private PythonPeer() {}

  /** The venv's python, building the venv first if it is missing. */
  public static Path python(Path home) {
    Path py = home.resolve(".venv/bin/python");
    if (!Files.isExecutable(py)) {
      run(home, List.of("bash", home.resolve("bench/python/venv.sh").toString()));
    }
    return py;
  }

  /** Runs {@code bench/python/<script>} with {@code args}; returns its last stdout line. */
  public static String runScript(Path home, String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python(home).toString());
    cmd.add(home.resolve("bench/python").resolve(script).toString());
    cmd.addAll(List.of(args));
    return run(home, cmd);
  }

  private static String run(Path home, List<String> cmd) {
    try {
      Path log = Files.createTempFile("crisislab-peer", ".log");
      Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectError(log.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      if (code != 0) {
        throw new UsageException("peer " + cmd + " failed (exit " + code + "): " + Files.readString(log));
      }
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    }
  }

  /** The project root: {@code crisislab.home} (set by the launcher) or the working directory. */
  public static Path home() {
    String h = System.getProperty("crisislab.home");
    return (h != null ? Path.of(h) : Path.of("")).toAbsolutePath();
  }
}
