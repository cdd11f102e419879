package io.crisislab.jobs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crisislab.jobs.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** How a fit's input is partitioned: a multiple of the cores, bounded rows per partition, balanced. */
class FeaturePartitionsTest extends SparkTestBase {

  @Test
  void partitionsAreAMultipleOfTheCoresWithBoundedRows() {
    SparkSession spark = session(); // local[2]
    long max = FeaturePipeline.MAX_PARTITION_ROWS;
    assertEquals(2, FeaturePipeline.partitions(0, spark));
    assertEquals(2, FeaturePipeline.partitions(45_000, spark));
    assertEquals(2, FeaturePipeline.partitions(2 * max, spark), "exactly full partitions");
    assertEquals(4, FeaturePipeline.partitions(2 * max + 1, spark), "one row more: the next multiple of the cores");
    assertEquals(18, FeaturePipeline.partitions(4_500_000, spark));
  }

  @Test
  void unevenInputIsReshuffledAndEvenInputCoalesced() {
    SparkSession spark = session();
    PipelineModel identity = new PipelineModel("identity", new Transformer[0]);
    Dataset<Row> three = FeaturePipeline.features(identity, spark.range(0, 3000, 1, 3).toDF("id"), spark);
    assertEquals(List.of(1500, 1500), sizes(three), "3 partitions on 2 cores: shuffled into 2 even ones, not 2000 + 1000");
    Dataset<Row> six = FeaturePipeline.features(identity, spark.range(0, 3000, 1, 6).toDF("id"), spark);
    assertEquals(List.of(1500, 1500), sizes(six), "6 even partitions: merged 3 and 3");
    assertEquals(3000, six.distinct().count(), "no row lost or doubled");
  }

  private static List<Integer> sizes(Dataset<Row> d) {
    return d.javaRDD().glom().map(List::size).collect();
  }
}
