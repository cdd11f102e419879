package io.crisislab.jobs.train;

import io.crisislab.jobs.model.FeaturePipeline;
import io.crisislab.jobs.model.TrainingData;
import io.crisislab.jobs.testing.SparkTestBase;
import io.crisislab.models.post.PostColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ReasonsTest extends SparkTestBase {
  /** Two reasons with 40 posts each and one with 5: the rare one becomes "other", reported by count. */
  @Test
  void mergesReasonsBelowMinimumSupportIntoOther() {
    StructType schema = new StructType().add(TrainingData.Y, DataTypes.DoubleType)
        .add(PostColumns.NEGATIVE_REASON, DataTypes.StringType).add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create(1.0, "Late Flight", Vectors.dense(1, 0, 0.01 * i)));
      rows.add(RowFactory.create(1.0, "Lost Luggage", Vectors.dense(0, 1, 0.01 * i)));
      rows.add(RowFactory.create(0.0, "Lost Luggage", Vectors.dense(0, 0, 1))); // not negative: ignored
    }
    for (int i = 0; i < 5; i++) {
      rows.add(RowFactory.create(1.0, "Safety Incident", Vectors.dense(0, 0, 1)));
    }
    TrainJob.Config c = TrainJob.Config.defaults(Path.of("posts")).with(TrainJob.MAX_ITER, 50).build();
    Reasons r = Reasons.fit(c, session().createDataFrame(rows, schema), 1e-3);

    Assertions.assertEquals(List.of("Late Flight", "Lost Luggage", Reasons.OTHER), r.labels());
    Assertions.assertEquals(Map.of("Safety Incident", 5L), r.merged());
    Assertions.assertEquals(85, r.nTrain());
    Assertions.assertEquals(Reasons.OTHER, r.labelOf("Safety Incident"));
    Assertions.assertEquals("Late Flight", r.labelOf("Late Flight"));
    Assertions.assertEquals("not enough examples (n = 5 < 30); merged into other", r.mergedNotes().get("Safety Incident"));
    Assertions.assertEquals(3, r.model().numClasses());
  }
}
