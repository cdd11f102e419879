package io.crisislab.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.crisislab.models.scorer.Blend;
import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleArrayArrayParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The last stage of a stacked-blend classifier (issue 19): replaces the encoder model's
 * {@code probability} and {@code prediction} by the {@link Blend} of the n-gram model's class
 * probabilities ({@code ngramProbabilityCol}, written by the n-gram learner earlier in the same
 * pipeline) and the encoder model's, then drops the n-gram model's columns. The arithmetic is
 * {@link Blend#apply}, the live scorer's, so Spark and the scorer file agree to the base models' parity.
 *
 * <p>The pipeline (train's blend classifier): n-gram features into {@link #NGRAM_FEATURES}, the
 * n-gram learner writing the {@code _blend_ngram_*} columns, the embedding into
 * {@link FeaturePipeline#FEATURES}, the encoder learner, this stage.
 */
public final class StackedBlendModel extends Model<StackedBlendModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** Column of the n-gram model's features inside a blend pipeline. */
  public static final String NGRAM_FEATURES = "_blend_ngram_features";
  /** Columns of the n-gram learner's outputs inside a blend pipeline: probability, raw prediction, prediction. */
  public static final String NGRAM_PROBABILITY = "_blend_ngram_probability";
  public static final String NGRAM_RAW = "_blend_ngram_raw";
  public static final String NGRAM_PREDICTION = "_blend_ngram_prediction";

  private final String uid;
  final Param<String> inputs;
  final DoubleArrayArrayParam weights;
  final DoubleArrayParam intercepts;

  public StackedBlendModel(String uid) {
    this.uid = uid;
    inputs = new Param<>(this, "inputs", "meta-model inputs: log-odds (binary) or log-probabilities (K classes)");
    weights = new DoubleArrayArrayParam(this, "weights", "meta-model weights, one row per output (Blend)");
    intercepts = new DoubleArrayParam(this, "intercepts", "meta-model intercepts, one per row");
  }

  public StackedBlendModel() {
    this(Identifiable.randomUID("stackedBlendModel"));
  }

  /** A stage applying {@code blend}. */
  public static StackedBlendModel of(Blend blend) {
    StackedBlendModel m = new StackedBlendModel();
    m.set(m.inputs, blend.inputs());
    m.set(m.weights, blend.weights());
    m.set(m.intercepts, blend.intercepts());
    return m;
  }

  public Blend blend() {
    return new Blend(getOrDefault(inputs), getOrDefault(weights), getOrDefault(intercepts));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<?>[] params() {
    return new Param<?>[] {inputs, weights, intercepts};
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Blend b = blend();
    UserDefinedFunction blended = udf((UDF2<Vector, Vector, Vector>) (ng, enc) ->
        Vectors.dense(b.apply(ng.toArray(), enc.toArray())), SQLDataTypes.VectorType());
    UserDefinedFunction argmax = udf((UDF1<Vector, Double>) v -> (double) v.argmax(), DataTypes.DoubleType);
    return dataset.toDF()
        .withColumn("probability", blended.apply(col(NGRAM_PROBABILITY), col("probability")))
        .withColumn("prediction", argmax.apply(col("probability")))
        .drop("rawPrediction", NGRAM_FEATURES, NGRAM_PROBABILITY, NGRAM_RAW, NGRAM_PREDICTION);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    for (String c : new String[] {NGRAM_PROBABILITY, "probability"}) {
      if (!Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("the blend needs column " + c + " in " + schema.simpleString());
      }
    }
    StructType out = new StructType();
    for (var f : schema.fields()) {
      if (!Arrays.asList("rawPrediction", NGRAM_FEATURES, NGRAM_PROBABILITY, NGRAM_RAW, NGRAM_PREDICTION)
          .contains(f.name())) {
        out = out.add(f);
      }
    }
    return out;
  }

  @Override
  public StackedBlendModel copy(ParamMap extra) {
    return copyValues(new StackedBlendModel(uid), extra).setParent(parent());
  }

  public static MLReader<StackedBlendModel> read() {
    return new DefaultParamsReader<>();
  }
}
