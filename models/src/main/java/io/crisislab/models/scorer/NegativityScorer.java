package io.crisislab.models.scorer;

import io.crisislab.models.encoder.Embedder;
import io.crisislab.models.encoder.SentenceEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Scores one post at a time without Spark, from a {@link ScorerFile}. It reproduces the Spark
 * pipeline's arithmetic (the same terms and counts; TF-IDF; L2 norm per block; dot products;
 * calibration), summing terms in first-seen order rather than Spark's index order, so its
 * {@code p_negative} equals Spark's to rounding (about 1e-16; train runs check 1e-9).
 *
 * <p>With an {@link EncoderBlock} the features end with the sentence embedding, computed by the
 * same ONNX model and code as in Spark; embeddings are floats and ONNX Runtime may sum in another
 * order on another thread count, so that path agrees with Spark to about 1e-6 (train checks 1e-5).
 * Without one, the encoder classes are never loaded.
 *
 * <p>Thread-safe: the loaded model is immutable and each call uses its own buffers.
 */
public final class NegativityScorer {
  /** One post's scores. {@code reason} is null unless the post is negative and the model tags reasons. */
  public record Score(double pNegative, double pNegativeRaw, boolean isNegative, String reason) {}

  private final ScorerFile file;
  private final TfidfFeaturizer featurizer;
  /** Text to its embedding, or null without an encoder. */
  private final Function<String, float[]> embed;

  public NegativityScorer(ScorerFile file) {
    file.validate();
    this.file = file;
    this.featurizer = new TfidfFeaturizer(file.blocks());
    this.embed = file.encoder() == null ? null : embedding(file.encoder());
  }

  /** Kept apart so the encoder classes load only for a file with an encoder. */
  private static Function<String, float[]> embedding(EncoderBlock e) {
    Embedder embedder = Embedder.of(SentenceEncoder.of(e.encoder()));
    return text -> embedder.embed(List.of(text == null ? "" : text), e.prefix())[0];
  }

  /** Loads {@code scorer.json} (or a run folder holding it). */
  public static NegativityScorer load(Path path) {
    return new NegativityScorer(ScorerFile.read(path));
  }

  public ScorerFile file() {
    return file;
  }

  public double threshold() {
    return file.threshold();
  }

  /** Scores one post (null text is the empty post). */
  public Score score(String text) {
    Features x = features(text);
    double[] raw = rawProbabilities(x);
    double pRaw = raw[file.negativeClass()];
    double p = file.calibration().apply(pRaw);
    boolean neg = p >= file.threshold();
    String reason = null;
    if (neg && file.reasons() != null) {
      reason = file.reasons().classes().get(argmax(margins(file.reasons(), x)));
    }
    return new Score(p, pRaw, neg, reason);
  }

  /** Calibrated p_negative of one post. */
  public double pNegative(String text) {
    double[] raw = rawProbabilities(features(text));
    return file.calibration().apply(raw[file.negativeClass()]);
  }

  /** Class probabilities of the classifier head (before calibration), in head.classes order. */
  public double[] classProbabilities(String text) {
    double[] raw = rawProbabilities(features(text));
    if (LinearHead.SIGMOID.equals(file.head().link())) {
      return new double[] {1 - raw[1], raw[1]};
    }
    return raw;
  }

  /** A post's features: the TF-IDF blocks (sparse) and, with an encoder, the raw embedding. */
  record Features(TfidfFeaturizer.Sparse ngrams, float[] embedding) {}

  /** The features of {@code text}, as the Spark stages build them. */
  Features features(String text) {
    return new Features(featurizer.features(text), embed == null ? null : embed.apply(text));
  }

  private double[] margins(LinearHead h, Features f) {
    TfidfFeaturizer.Sparse x = f.ngrams();
    int offset = featurizer.size();
    double[] m = new double[h.weights().length];
    for (int r = 0; r < m.length; r++) {
      double[] w = h.weights()[r];
      double sum = 0;
      for (int q = 0; q < x.idx().length; q++) {
        sum += x.val()[q] * w[x.idx()[q]];
      }
      if (f.embedding() != null) {
        double bw = file.encoder().blockWeight();
        for (int j = 0; j < f.embedding().length; j++) {
          sum += bw * f.embedding()[j] * w[offset + j];
        }
      }
      m[r] = sum + h.intercepts()[r];
    }
    return m;
  }

  /** Raw class probabilities; for a sigmoid head index 1 holds p(classes[1]). */
  private double[] rawProbabilities(Features x) {
    LinearHead h = file.head();
    double[] m = margins(h, x);
    if (LinearHead.SIGMOID.equals(h.link())) {
      double p = 1.0 / (1.0 + Math.exp(-m[0]));
      return new double[] {1 - p, p};
    }
    return softmax(m);
  }

  /** Softmax as MLlib computes it (subtract the max, exponentiate, divide by the sum). */
  static double[] softmax(double[] m) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[m.length];
    for (int k = 0; k < m.length; k++) {
      p[k] = Math.exp(m[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < m.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  private static int argmax(double[] m) {
    int best = 0;
    for (int k = 1; k < m.length; k++) {
      if (m[k] > m[best]) {
        best = k;
      }
    }
    return best;
  }
}
