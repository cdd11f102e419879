package io.crisislab.models.encoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Not a test: the measurement behind docs/train.md "Batched embedding". In one JVM, on the same
 * texts, one caller thread, it reports texts per CPU-second of the process (user + system, all
 * threads, ONNX Runtime's included) and per wall second for langchain4j's {@code embedAll} as the
 * project used it (batches of 256, ONNX Runtime's default thread pool), the same with one intra-op
 * thread, and {@link Embedder} at several batch sizes, with each path's largest difference from
 * langchain4j's output. Usage (after {@code mvn -o -pl models test-compile}):
 * {@code java -cp models/target/test-classes:models/target/classes:<models test class path>
 * io.crisislab.models.encoder.EmbedderRates TEXT_FILE COUNT ENCODER[:BATCH,BATCH...]...}, e.g.
 * {@code train_text.txt 2000 e5-small:1,16,32,64 minilm:1,32} (the first COUNT lines of the file).
 */
public final class EmbedderRates {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private EmbedderRates() {}

  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    texts = texts.subList(0, Math.min(Integer.parseInt(args[1]), texts.size()));
    System.out.printf(Locale.ROOT, "%d texts, %d processors%n", texts.size(), Runtime.getRuntime().availableProcessors());
    for (String spec : List.of(args).subList(2, args.length)) {
      String[] nameAndBatches = spec.split(":");
      SentenceEncoder enc = SentenceEncoder.of(nameAndBatches[0]);
      List<Integer> batches = new ArrayList<>();
      for (String b : nameAndBatches.length > 1 ? nameAndBatches[1].split(",") : new String[0]) {
        batches.add(Integer.parseInt(b));
      }
      String prefix = enc.defaultPrefix();
      EmbeddingModel today = EmbedderParityTest.langchain4j(enc);
      float[][] ref = measure(enc + " langchain4j embedAll, default session", texts, null,
          t -> EmbedderParityTest.embedAll(today, t, prefix));
      OnnxBertBiEncoder single = oneThread(enc);
      Method embed = OnnxBertBiEncoder.class.getDeclaredMethod("embed", String.class);
      embed.setAccessible(true);
      Field vector = embed.getReturnType().getDeclaredField("embedding");
      vector.setAccessible(true);
      measure(enc + " langchain4j per text, 1 intra-op thread", texts, ref, t -> {
        float[][] v = new float[t.size()][];
        try {
          for (int i = 0; i < v.length; i++) {
            v[i] = (float[]) vector.get(embed.invoke(single, prefix + t.get(i)));
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        return v;
      });
      Embedder batched = Embedder.of(enc);
      for (int b : batches) {
        measure(enc + " Embedder, batches of " + b, texts, ref, t -> batched.embed(t, prefix, b));
      }
    }
  }

  /** langchain4j's encoder for {@code enc} on a session of one intra-op thread (else as it loads). */
  private static OnnxBertBiEncoder oneThread(SentenceEncoder enc) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    byte[] model;
    try (InputStream in = EmbedderRates.class.getClassLoader().getResourceAsStream(enc.modelResource())) {
      model = in.readAllBytes();
    }
    InputStream tokenizer = EmbedderRates.class.getClassLoader().getResourceAsStream(enc.tokenizerResource());
    return new OnnxBertBiEncoder(env, env.createSession(model, options), tokenizer,
        enc == SentenceEncoder.BGE_SMALL ? PoolingMode.CLS : PoolingMode.MEAN);
  }

  /** Runs {@code path} over 200 texts to warm up, then over all in chunks of 256, and prints rates. */
  private static float[][] measure(String label, List<String> texts, float[][] ref,
      Function<List<String>, float[][]> path) {
    path.apply(texts.subList(0, Math.min(200, texts.size())));
    long cpu0 = OS.getProcessCpuTime();
    long wall0 = System.nanoTime();
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += 256) {
      float[][] v = path.apply(texts.subList(from, Math.min(from + 256, texts.size())));
      System.arraycopy(v, 0, out, from, v.length);
    }
    double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
    double wall = (System.nanoTime() - wall0) / 1e9;
    double diff = 0;
    if (ref != null) {
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < out[i].length; j++) {
          diff = Math.max(diff, Math.abs(out[i][j] - ref[i][j]));
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-55s cpu %7.1f s  wall %7.1f s  %7.1f texts/cpu-s  %7.1f texts/s  max|diff| %.2e%n",
        label, cpu, wall, texts.size() / cpu, texts.size() / wall, diff);
    return out;
  }
}
