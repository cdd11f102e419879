package io.crisislab.jobs.model;

import io.crisislab.models.text.SocialTextNormalizer;
import io.crisislab.models.text.TextFeatures;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

/**
 * SQL functions that put the {@code models} text normaliser in front of MLlib stages, so Spark and
 * the Spark-free scorer tokenise with the same Java code. Pipelines refer to them by name from a
 * {@code SQLTransformer}; the version in the name is {@link SocialTextNormalizer#VERSION}, so a
 * saved pipeline cannot silently run with other rules. Register before fitting or loading a model.
 */
public final class TextUdfs {
  /** {@code crisislab_tokens_vN(text)}: negation-marked word tokens. */
  public static final String TOKENS = "crisislab_tokens_v" + SocialTextNormalizer.VERSION;
  /** {@code crisislab_chars_vN(text, minN, maxN)}: character n-grams of the normalised text. */
  public static final String CHARS = "crisislab_chars_v" + SocialTextNormalizer.VERSION;
  /** {@code crisislab_sigmoid(x)}: 1 / (1 + exp(-x)) with java.lang.Math, as the scorer computes it. */
  public static final String SIGMOID = "crisislab_sigmoid";

  private TextUdfs() {}

  /** Registers the functions in {@code spark} (idempotent). */
  public static void register(SparkSession spark) {
    spark.udf().register(TOKENS, (UDF1<String, List<String>>) SocialTextNormalizer::tokens,
        DataTypes.createArrayType(DataTypes.StringType, false));
    spark.udf().register(CHARS, (UDF3<String, Integer, Integer, List<String>>) (t, lo, hi) ->
        TextFeatures.charNgrams(SocialTextNormalizer.normalize(t).plain(), lo, hi),
        DataTypes.createArrayType(DataTypes.StringType, false));
    spark.udf().register(SIGMOID, (UDF1<Double, Double>) x -> 1.0 / (1.0 + Math.exp(-x)), DataTypes.DoubleType);
  }
}
