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
 * <p>With a {@link Cascade} the file's n-gram model scores every post and hands the uncertain ones
 * (the band) to the encoder model; each path has the parity of its model. Without the encoder jar
 * a cascade file still loads and scores every post on the n-gram path ({@link #encoderAvailable}).
 *
 * <p>With a {@link Blend} the encoder model's answer is the stacked blend of the n-gram model's and
 * its own head's raw class probabilities (a routed post reuses the front's n-gram answer), then
 * the file's calibration and threshold, as in Spark.
 *
 * <p>With a prior-shift record ({@link #priorShift}) a live tool carries the calibrated
 * {@code p_negative} of a period's posts (a window of the stream) to that period's estimated share
 * of negatives with {@link PriorShift#adapt}; a single post's score cannot know its period, so
 * {@link #score} does not.
 *
 * <p>Thread-safe: the loaded model is immutable and each call uses its own buffers.
 */
public final class NegativityScorer {
  private static final System.Logger LOG = System.getLogger(NegativityScorer.class.getName());

  /**
   * One post's scores. {@code reason} is null unless the post is negative and the model tags
   * reasons (a cascade's front answer takes the encoder model's tag, which embeds the post); {@code encoder} says whether the encoder model answered (false for an n-gram file and
   * for a cascade's posts outside the band).
   */
  public record Score(double pNegative, double pNegativeRaw, boolean isNegative, String reason, boolean encoder) {}

  private final ScorerFile file;
  private final TfidfFeaturizer featurizer;
  /** Text to its embedding, or null without an encoder (or, for a cascade, without the encoder jar). */
  private final Function<String, float[]> embed;
  /** The cascade's n-gram scorer, or null: every post goes to this file's model. */
  private final NegativityScorer ngram;
  /** With a {@link Blend}: the cascade's n-gram scorer as the blend's first input (kept by {@link #fullModel}), else null. */
  private final NegativityScorer blendBase;

  public NegativityScorer(ScorerFile file) {
    this(file, embedding(file));
  }

  /**
   * A scorer whose encoder is {@code embed} (tests pass a fake one); null with a cascade scores
   * every post with the n-gram model, as when the encoder jar is absent.
   */
  NegativityScorer(ScorerFile file, Function<String, float[]> embed) {
    file.validate();
    if (file.encoder() != null && embed == null && file.cascade() == null) {
      throw new IllegalArgumentException("an encoder model without a cascade needs its embedding");
    }
    this.file = file;
    this.featurizer = new TfidfFeaturizer(file.blocks());
    this.embed = file.encoder() == null ? null : embed;
    this.ngram = file.cascade() == null ? null : new NegativityScorer(file.cascade().ngram(), null);
    this.blendBase = file.blend() == null ? null : ngram;
  }

  private NegativityScorer(NegativityScorer cascaded) {
    this.file = cascaded.file;
    this.featurizer = cascaded.featurizer;
    this.embed = cascaded.embed;
    this.ngram = null;
    this.blendBase = cascaded.blendBase;
  }

  /**
   * The file's embedding, loading the encoder classes only for a file with an encoder. With a
   * cascade, a missing encoder jar is not fatal: live tools may ship only the models jar, and the
   * n-gram model then scores every post (logged once, and {@link #encoderAvailable} is false).
   */
  private static Function<String, float[]> embedding(ScorerFile file) {
    if (file.encoder() == null) {
      return null;
    }
    try {
      return load(file.encoder());
    } catch (LinkageError e) {
      if (file.cascade() == null) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "encoder " + file.encoder().encoder() + " (" + file.encoder().coordinates()
          + ") is not on the class path: the cascade scores every post with its n-gram model (" + e + ")");
      return null;
    }
  }

  private static Function<String, float[]> load(EncoderBlock e) {
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

  /** The prior the calibrated {@code p_negative} assumes, when training adopted the prior-shift adjustment; else null. */
  public PriorShift priorShift() {
    return file.calibration().priorShift();
  }

  /** Whether posts can reach the encoder model: a file with an encoder whose jar is on the class path. */
  public boolean encoderAvailable() {
    return embed != null;
  }

  /** The cascade's n-gram scorer, alone (every post), or null for a file without a cascade. */
  public NegativityScorer ngramModel() {
    return ngram;
  }

  /** This file's own model on every post, bypassing the cascade (this scorer when it has none). */
  public NegativityScorer fullModel() {
    if (ngram == null) {
      return this;
    }
    if (embed == null) {
      throw new IllegalStateException("the encoder model needs the encoder jar on the class path");
    }
    return new NegativityScorer(this);
  }

  /**
   * Scores one post (null text is the empty post). With a cascade the n-gram model answers first,
   * and the encoder model answers instead when the n-gram answer lies in the band.
   */
  public Score score(String text) {
    Answer a = answer(text);
    double pRaw = a.raw()[a.by().file.negativeClass()];
    double p = a.by().file.calibration().apply(pRaw);
    boolean neg = p >= a.by().file.threshold();
    return new Score(p, pRaw, neg, neg ? reason(text, a) : null, a.by().embed != null);
  }

  /**
   * The reason of a negative post: the answering model's tagger; for a cascade's front without one
   * (since format 3 the front carries none: it only routes and decides), the encoder model's tagger
   * on the post's full features, as the batch {@code score} job tags every post. Null without a
   * tagger, or when that tagger needs the absent encoder jar.
   */
  private String reason(String text, Answer a) {
    NegativityScorer tagger = a.by();
    Features x = a.x();
    if (tagger.file.reasons() == null && tagger != this && embed != null) {
      tagger = this;
      x = features(text);
    }
    LinearHead reasons = tagger.file.reasons();
    return reasons == null ? null : reasons.classes().get(argmax(tagger.margins(reasons, x)));
  }

  /** Calibrated p_negative of one post (through the cascade, if any). */
  public double pNegative(String text) {
    Answer a = answer(text);
    return a.by().file.calibration().apply(a.raw()[a.by().file.negativeClass()]);
  }

  /** Class probabilities of the answering classifier head (before calibration), in head.classes order. */
  public double[] classProbabilities(String text) {
    return answer(text).raw();
  }

  /** Which scorer answers a post, with its features and raw class probabilities. */
  private record Answer(NegativityScorer by, Features x, double[] raw) {}

  private Answer answer(String text) {
    double[] ngramRaw = null;
    if (ngram != null) {
      Features x = ngram.features(text);
      ngramRaw = ngram.rawProbabilities(x);
      ScorerFile nf = ngram.file;
      // two classes: the decision is calibrated p_negative >= threshold; more: the argmax
      double u = Cascade.uncertainty(ngramRaw.length == 2, nf.calibration().apply(ngramRaw[nf.negativeClass()]),
          nf.threshold(), ngramRaw);
      if (embed == null || !file.cascade().routes(u)) {
        return new Answer(ngram, x, ngramRaw);
      }
    }
    Features x = features(text);
    double[] raw = rawProbabilities(x);
    if (blendBase != null) {
      // the front's answer is the blend's n-gram input (the same model); fullModel() computes it here
      double[] base = ngramRaw != null ? ngramRaw : blendBase.rawProbabilities(blendBase.features(text));
      raw = file.blend().apply(base, raw);
    }
    return new Answer(this, x, raw);
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

  /** Raw class probabilities in head.classes order (a sigmoid head's two as 1 - p, p). */
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
