package io.crisislab.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Version, git commit and runtime environment, for {@code --version} and manifests. */
public final class BuildInfo {
  private static final Properties PROPS = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/crisislab-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // a missing build file only loses the version string; the run itself is unaffected
    }
    return p;
  }

  /** The CrisisLab version from the build. */
  public static String version() {
    return PROPS.getProperty("version", "dev");
  }

  /** The git commit the launcher saw ({@code CRISISLAB_GIT_COMMIT}), or null when unknown. */
  public static String gitCommit() {
    String c = System.getenv("CRISISLAB_GIT_COMMIT");
    return c == null || c.isBlank() ? null : c.trim();
  }

  /** Spark, Java, OS and machine facts recorded in every manifest. */
  public static Map<String, String> environment(String sparkVersion) {
    Map<String, String> env = new TreeMap<>();
    env.put("crisislab", version());
    if (sparkVersion != null) {
      env.put("spark", sparkVersion);
    }
    env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    return env;
  }
}
