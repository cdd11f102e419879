package io.crisislab.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class SparkTestBaseTest extends SparkTestBase {
  @Test
  void sessionIsLocalUtcAndShared() {
    assertEquals("local[2]", session().sparkContext().master());
    assertEquals("UTC", session().conf().get("spark.sql.session.timeZone"));
    assertSame(session(), SparkSession.active());
  }

  @Test
  void dataFrameEqualityAssertionsWorkAgainstSpark4() {
    Dataset<Row> a = session().range(100).toDF("x").withColumn("y", functions.col("x").multiply(2));
    Dataset<Row> b = session().range(100).toDF("x").withColumn("y", functions.col("x").plus(functions.col("x")));
    assertDataFrameEquals(a, b);
    Dataset<Row> c = b.withColumn("y", functions.col("y").plus(1));
    assertThrows(AssertionError.class, () -> assertDataFrameEquals(a, c));
  }
}
