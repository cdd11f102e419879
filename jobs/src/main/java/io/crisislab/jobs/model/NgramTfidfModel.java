package io.crisislab.jobs.model;

import io.crisislab.models.scorer.FeatureBlock;
import io.crisislab.models.scorer.TfidfFeaturizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The fitted text features ({@link NgramTfidf}): the feature blocks (vocabulary + IDF, words then
 * chars) and the {@code models} {@link TfidfFeaturizer} that applies them, one featuriser per
 * partition in {@code mapPartitions}. The vector is the one the Spark-free scorer computes for the
 * same text, with indices sorted as MLlib expects. Saved as MLlib metadata (the Params) plus the
 * blocks as Parquet ({@code blocks/}: name, kind, n-gram range; {@code terms/}: block, index, term,
 * idf), so it loads as a stage of a {@code PipelineModel}.
 */
public final class NgramTfidfModel extends TextModel<NgramTfidfModel, NgramTfidfParams> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final List<FeatureBlock> blocks;
  private final int size;
  /** The blocks shipped once to the executors, made on first transform. */
  private transient Broadcast<ArrayList<FeatureBlock>> shipped;

  public NgramTfidfModel(String uid, List<FeatureBlock> blocks) {
    super(uid, NgramTfidfParams::new);
    this.blocks = List.copyOf(blocks);
    this.size = blocks.stream().mapToInt(b -> b.vocabulary().size()).sum();
  }

  /** The feature blocks, in vector order: the scorer file's blocks. */
  public List<FeatureBlock> blocks() {
    return blocks;
  }

  /** Length of the output vectors. */
  public int numFeatures() {
    return size;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    int text = dataset.schema().fieldIndex(p.input());
    if (shipped == null) {
      shipped = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(new ArrayList<>(blocks));
    }
    return dataset.toDF().mapPartitions(featurise(shipped, text), Encoders.row(out));
  }

  /** Appends the feature vector of column {@code text} to each row; one featuriser per partition. */
  private static MapPartitionsFunction<Row, Row> featurise(Broadcast<ArrayList<FeatureBlock>> blocks, int text) {
    return rows -> {
      TfidfFeaturizer f = new TfidfFeaturizer(blocks.value());
      int size = f.size();
      return appending(rows, r -> sorted(size, f.features(r.isNullAt(text) ? "" : r.getString(text))));
    };
  }

  /** {@code x} as an MLlib sparse vector: indices ascending, explicit zeros dropped. */
  static org.apache.spark.ml.linalg.Vector sorted(int size, TfidfFeaturizer.Sparse x) {
    int n = x.idx().length;
    long[] order = new long[n];
    int kept = 0;
    for (int q = 0; q < n; q++) {
      if (x.val()[q] != 0.0) {
        order[kept++] = ((long) x.idx()[q] << 32) | q;
      }
    }
    Arrays.sort(order, 0, kept);
    int[] idx = new int[kept];
    double[] val = new double[kept];
    for (int q = 0; q < kept; q++) {
      idx[q] = (int) (order[q] >>> 32);
      val[q] = x.val()[(int) order[q]];
    }
    return Vectors.sparse(size, idx, val);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return withOutput(schema, p.input(), p.output(), size);
  }

  /**
   * {@code schema} with the vector column {@code out} appended ({@code size} features; negative:
   * not known yet), after checking that {@code in} is a string column and {@code out} is new.
   */
  static StructType withOutput(StructType schema, String in, String out, int size) {
    TextParams.checkColumns(schema, in, out);
    StructField f = size >= 0 ? new AttributeGroup(out, size).toStructField()
        : new StructField(out, SQLDataTypes.VectorType(), false, Metadata.empty());
    return schema.add(f);
  }

  @Override
  NgramTfidfModel fresh() {
    return new NgramTfidfModel(uid(), blocks);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<NgramTfidfModel> read() {
    return new Reader();
  }

  private static final StructType BLOCKS = new StructType().add("block", DataTypes.IntegerType, false)
      .add("name", DataTypes.StringType, false).add("kind", DataTypes.StringType, false)
      .add("min_n", DataTypes.IntegerType, false).add("max_n", DataTypes.IntegerType, false)
      .add("l2_normalize", DataTypes.BooleanType, false);
  private static final StructType TERMS = new StructType().add("block", DataTypes.IntegerType, false)
      .add("index", DataTypes.IntegerType, false).add("term", DataTypes.StringType, false)
      .add("idf", DataTypes.DoubleType, false);

  private static final class Writer extends MLWriter {
    private final NgramTfidfModel m;

    Writer(NgramTfidfModel m) {
      this.m = m;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter.saveMetadata(m, path, spark);
      List<Row> blocks = new ArrayList<>();
      List<Row> terms = new ArrayList<>();
      for (int k = 0; k < m.blocks.size(); k++) {
        FeatureBlock b = m.blocks.get(k);
        blocks.add(RowFactory.create(k, b.name(), b.kind(), b.minN(), b.maxN(), b.l2Normalize()));
        for (int i = 0; i < b.vocabulary().size(); i++) {
          terms.add(RowFactory.create(k, i, b.vocabulary().get(i), b.idf()[i]));
        }
      }
      spark.createDataFrame(blocks, BLOCKS).coalesce(1).write().parquet(path + "/blocks");
      spark.createDataFrame(terms, TERMS).coalesce(1).write().parquet(path + "/terms");
    }
  }

  private static final class Reader extends MLReader<NgramTfidfModel> {
    @Override
    public NgramTfidfModel load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, spark, NgramTfidfModel.class.getName());
      List<Row> blockRows = spark.read().parquet(path + "/blocks").orderBy("block").collectAsList();
      List<Row> termRows = spark.read().parquet(path + "/terms").orderBy("block", "index").collectAsList();
      List<FeatureBlock> blocks = new ArrayList<>();
      int t = 0;
      for (Row b : blockRows) {
        int k = b.getInt(b.fieldIndex("block"));
        List<String> vocab = new ArrayList<>();
        List<Double> idf = new ArrayList<>();
        for (; t < termRows.size() && termRows.get(t).getInt(0) == k; t++) {
          vocab.add(termRows.get(t).getString(2));
          idf.add(termRows.get(t).getDouble(3));
        }
        blocks.add(new FeatureBlock(b.getString(b.fieldIndex("name")), b.getString(b.fieldIndex("kind")),
            b.getInt(b.fieldIndex("min_n")), b.getInt(b.fieldIndex("max_n")), vocab,
            idf.stream().mapToDouble(Double::doubleValue).toArray(), b.getBoolean(b.fieldIndex("l2_normalize"))));
      }
      NgramTfidfModel model = new NgramTfidfModel(md.uid(), blocks);
      md.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
