package io.crisislab.jobs.model;

import io.crisislab.models.post.PostColumns;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Params every text feature stage has, declared once: the column of post texts and the output
 * vector column. A stage's own holder ({@link NgramTfidfParams}, {@link SentenceEmbeddingParams})
 * extends this with its settings; each stage makes one holder for itself (Params are owned by a
 * stage's uid) and lists {@link #all()} as its params, so MLlib's save/load, {@code copyValues} and
 * {@code explainParams} see the same set on an estimator and its model.
 */
abstract class TextParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Column of post texts (strings; null is the empty post). */
  final Param<String> inputCol;
  /** Column the feature vector is written to. */
  final Param<String> outputCol;
  /** The stage these Params belong to, which holds their values. */
  private final Params owner;

  TextParams(Params owner, String outputDoc) {
    this.owner = owner;
    inputCol = new Param<>(owner, "inputCol", "column of post texts (null = empty post)");
    outputCol = new Param<>(owner, "outputCol", outputDoc);
    owner.setDefault(inputCol, PostColumns.TEXT);
    owner.setDefault(outputCol, FeaturePipeline.FEATURES);
  }

  /** Every Param of the stage, these two included. */
  abstract Param<?>[] all();

  /** The owner's column of post texts. */
  final String input() {
    return (String) owner.getOrDefault(inputCol);
  }

  /** The owner's output column. */
  final String output() {
    return (String) owner.getOrDefault(outputCol);
  }

  /** Checks that {@code in} is a string column of {@code schema} and {@code out} is not a column yet. */
  static void checkColumns(StructType schema, String in, String out) {
    if (!Arrays.asList(schema.fieldNames()).contains(in) || !schema.apply(in).dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("input column " + in + " must be a string column of " + schema.simpleString());
    }
    if (Arrays.asList(schema.fieldNames()).contains(out)) {
      throw new IllegalArgumentException("output column " + out + " already exists");
    }
  }
}
