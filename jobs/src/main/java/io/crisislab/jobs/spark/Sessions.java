package io.crisislab.jobs.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession a job runs on. Local masters get the embedded defaults (UI off, driver on
 * 127.0.0.1 because this machine's hostname resolves to loopback); every session computes in UTC so
 * that buckets and days never depend on the machine's zone.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * Returns the active session if one exists (tests, the demo), else builds one.
   *
   * @param master Spark master URL
   * @param shufflePartitions spark.sql.shuffle.partitions
   * @param verbose whether Spark's INFO logs are shown
   */
  public static SparkSession getOrCreate(String master, int shufflePartitions, boolean verbose) {
    quietLogs(verbose);
    SparkSession.Builder b = SparkSession.builder()
        .appName("crisislab")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", shufflePartitions)
        .config("spark.sql.adaptive.enabled", "true");
    // under spark-submit the master (and the rest of the conf) comes from spark-submit, not our flag
    String effective = hasMasterFromSubmit() ? System.getProperty("spark.master") : master;
    if (!hasMasterFromSubmit() && master != null && !master.isBlank()) {
      b = b.master(master);
    }
    if (effective == null || effective.startsWith("local")) {
      b = b.config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession s = b.getOrCreate();
    if (!verbose) {
      s.sparkContext().setLogLevel("ERROR");
    }
    return s;
  }

  /** spark-submit passes the master as a system property; it wins over the default flag value. */
  private static boolean hasMasterFromSubmit() {
    return System.getProperty("spark.master") != null;
  }

  /** Spark's logging: errors only unless {@code verbose}. */
  public static void quietLogs(boolean verbose) {
    Configurator.setRootLevel(verbose ? Level.INFO : Level.ERROR);
    Configurator.setLevel("io.crisislab", Level.INFO);
  }
}
