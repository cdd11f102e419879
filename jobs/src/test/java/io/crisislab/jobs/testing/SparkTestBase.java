package io.crisislab.jobs.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.crisislab.jobs.spark.Sessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;

/**
 * The one base class for Spark tests (spark-testing-base behind it, so it can be swapped).
 *
 * <p>spark-testing-base's Java base classes are JUnit 4 ({@code @Before runBefore}); Jupiter ignores
 * those annotations, so this class calls {@code runBefore()} itself. The SparkContext is created once
 * and never stopped, so every test class in the JVM shares one local session ({@code local[2]}, UI
 * off, two shuffle partitions, UTC, driver on 127.0.0.1).
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {
  @Override
  public SparkConf conf() {
    return new SparkConf()
        .setMaster("local[2]")
        .setAppName("crisislab-tests")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/crisislab-test-warehouse");
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSharedSpark() {
    Sessions.quietLogs(false);
    runBefore();
    spark().sparkContext().setLogLevel("ERROR");
  }

  /** The shared session. */
  protected SparkSession session() {
    return spark();
  }
}
