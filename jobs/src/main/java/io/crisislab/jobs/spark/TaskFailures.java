package io.crisislab.jobs.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the tasks that did not succeed and the executors lost while a job ran, so the manifest
 * shows when Spark had to re-run work (a lost worker on a cluster) and yet the run completed.
 */
public final class TaskFailures extends SparkListener {
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong lostExecutors = new AtomicLong();

  /** Registers a new counter on the session's context. */
  public static TaskFailures attach(SparkSession spark) {
    TaskFailures t = new TaskFailures();
    spark.sparkContext().addSparkListener(t);
    return t;
  }

  /** Removes this counter from the session's context. */
  public void detach(SparkSession spark) {
    spark.sparkContext().removeSparkListener(this);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.reason() != Success$.MODULE$) {
      failedTasks.incrementAndGet();
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    lostExecutors.incrementAndGet();
  }

  /** Tasks that ended in failure or were killed (units: tasks). */
  public long failedTasks() {
    return failedTasks.get();
  }

  /** Executors removed during the run (units: executors). */
  public long lostExecutors() {
    return lostExecutors.get();
  }
}
