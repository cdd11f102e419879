package io.crisislab.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python peer of a benchmark (pandas, scikit-learn, numpy, plain Python) from the project's
 * virtual environment {@code .venv} (made by {@code bench/python/venv.sh}) and returns its last
 * standard-output line, which the peer scripts print as JSON; {@link #runCapped} also stops it at a
 * time cap and reports an out-of-memory end instead of failing.
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

  /** Runs {@code bench/python/<script>} with {@code args}; returns its last stdout line, parsed as JSON. */
  public static JsonNode runScript(Path home, String script, String... args) {
    return parse(run(home, command(home, script, args)));
  }

  /** A peer's JSON line. */
  public static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("peer printed no JSON: " + json, e);
    }
  }

  private static List<String> command(Path home, String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python(home).toString());
    cmd.add(home.resolve("bench/python").resolve(script).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String run(Path home, List<String> cmd) {
    Outcome o = run(home, cmd, null);
    if (o.exitCode() != 0) {
      throw new UsageException("peer " + cmd + " failed (exit " + o.exitCode() + "): " + o.log());
    }
    return o.lastLine();
  }

  /**
   * How a capped peer run ended.
   *
   * @param lastLine the last standard-output line (the peer's JSON), or null when it printed none
   * @param exitCode the process exit code (137 = killed, e.g. by the kernel's out-of-memory killer;
   *     -1 = stopped at the cap)
   * @param log its standard error
   * @param seconds wall time from start to end (s)
   * @param peakRssBytes the largest resident size seen while it ran (bytes; sampled every second from
   *     {@code /proc}, so the figure at a kernel kill is known; 0 where {@code /proc} is missing or
   *     the run was not capped)
   */
  public record Outcome(String lastLine, int exitCode, String log, double seconds, long peakRssBytes) {
    /** Why the peer did not finish, in words for the table: null when it finished. */
    public String failure(Duration cap) {
      if (exitCode == 0) {
        return null;
      }
      if (exitCode == -1) {
        return "stopped at the " + cap.toMinutes() + "-min cap";
      }
      if (exitCode == 137 || log.contains("MemoryError") || log.contains("Unable to allocate")) {
        return String.format(Locale.ROOT, "out of memory (exit %d) after %.1f min, %.1f GB resident at most",
            exitCode, seconds / 60, peakRssBytes / 1e9);
      }
      return "failed (exit " + exitCode + ")";
    }
  }

  /**
   * Runs {@code bench/python/<script>} with {@code args}, stopping it (and counting it as failed)
   * after {@code cap}; a failure is returned, not thrown, so a benchmark can record where the peer
   * stops.
   */
  public static Outcome runCapped(Path home, Duration cap, String script, String... args) {
    return run(home, command(home, script, args), cap);
  }

  static Outcome run(Path home, List<String> cmd, Duration cap) {
    try {
      Path log = Files.createTempFile("crisislab-peer", ".log");
      Path out = Files.createTempFile("crisislab-peer", ".out");
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectError(log.toFile())
          .redirectOutput(out.toFile()).start();
      int code;
      long peak = 0;
      if (cap == null) {
        code = p.waitFor();
      } else {
        long deadline = t0 + cap.toNanos();
        // polled, not waited: a process the kernel kills for memory leaves no figure of its own
        while (!p.waitFor(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
          peak = Math.max(peak, residentBytes(p.pid()));
        }
        if (p.isAlive()) {
          p.destroyForcibly().waitFor();
          code = -1;
        } else {
          code = p.exitValue();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      String[] lines = Files.readString(out, StandardCharsets.UTF_8).strip().split("\n");
      String last = lines[lines.length - 1].isEmpty() ? null : lines[lines.length - 1];
      String err = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      return new Outcome(last, code, err, seconds, peak);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    }
  }

  /** A live process's peak resident size so far (VmHWM, bytes), or 0 when it is gone or /proc is missing. */
  private static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended between the poll and the read, or there is no /proc: no sample
    }
    return 0;
  }

  /** The project root: {@code crisislab.home} (set by the launcher) or the working directory. */
  public static Path home() {
    String h = System.getProperty("crisislab.home");
    return (h != null ? Path.of(h) : Path.of("")).toAbsolutePath();
  }
}
