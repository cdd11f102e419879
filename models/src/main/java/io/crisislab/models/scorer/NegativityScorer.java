package io.crisislab.models.scorer;

import io.crisislab.models.text.SocialTextNormalizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Scores one post at a time without Spark, from a {@link ScorerFile}. It reproduces the Spark
 * pipeline's arithmetic (the same terms and counts; TF-IDF; L2 norm per block; dot products;
 * calibration), summing terms in first-seen order rather than Spark's index order, so its
 * {@code p_negative} equals Spark's to rounding (about 1e-16; train runs check 1e-9).
 *
 * <p>Thread-safe: the loaded model is immutable and each call uses its own buffers.
 */
public final class NegativityScorer {
  /** One post's scores. {@code reason} is null unless the post is negative and the model tags reasons. */
  public record Score(double pNegative, double pNegativeRaw, boolean isNegative, String reason) {}

  private final ScorerFile file;
  private final List<TermIndex> vocab;
  private final int[] offsets;
  private final int features;
  /** Per-thread buffers, so that scoring a post allocates little. */
  private final ThreadLocal<Scratch> scratch;

  /** Term counts (as long as the largest block's vocabulary; all zero between calls) and a hit buffer. */
  private static final class Scratch {
    final int[] counts;
    private int[] hits = new int[256];

    Scratch(int vocabulary) {
      counts = new int[vocabulary];
    }

    int[] hits(int atLeast) {
      if (hits.length < atLeast) {
        hits = new int[Math.max(atLeast, hits.length * 2)];
      }
      return hits;
    }
  }

  public NegativityScorer(ScorerFile file) {
    file.validate();
    this.file = file;
    this.vocab = file.blocks().stream().map(b -> new TermIndex(b.vocabulary())).toList();
    offsets = new int[file.blocks().size()];
    int off = 0;
    for (int k = 0; k < offsets.length; k++) {
      offsets[k] = off;
      off += file.blocks().get(k).vocabulary().size();
    }
    features = off;
    int largest = file.blocks().stream().mapToInt(b -> b.vocabulary().size()).max().orElse(0);
    scratch = ThreadLocal.withInitial(() -> new Scratch(largest));
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
    Sparse x = features(text);
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

  /** A sparse feature vector: distinct indices (in first-seen order, not sorted) and their values. */
  record Sparse(int[] idx, double[] val) {}

  /** The TF-IDF feature vector of {@code text}, blocks concatenated, as Spark's VectorAssembler builds it. */
  Sparse features(String text) {
    SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(text);
    int[] allIdx = new int[64];
    double[] allVal = new double[64];
    int size = 0;
    for (int k = 0; k < offsets.length; k++) {
      FeatureBlock b = file.blocks().get(k);
      TermIndex v = vocab.get(k);
      Scratch sc = scratch.get();
      int[] hits;
      int h = 0;
      if (FeatureBlock.WORD.equals(b.kind())) {
        // word n-grams as regions of the tokens joined by single spaces (as MLlib's NGram joins
        // them), looked up without building a string per n-gram
        List<String> toks = n.tokens();
        int nt = toks.size();
        StringBuilder joinedBuf = new StringBuilder(nt * 8);
        int[] starts = new int[nt + 1];
        for (int i = 0; i < nt; i++) {
          starts[i] = joinedBuf.length();
          joinedBuf.append(toks.get(i)).append(' ');
        }
        starts[nt] = joinedBuf.length();
        String joined = joinedBuf.toString();
        hits = sc.hits(nt * (b.maxN() - b.minN() + 1));
        for (int len = b.minN(); len <= b.maxN(); len++) {
          for (int i = 0; i + len <= nt; i++) {
            int from = starts[i];
            int to = starts[i + len] - 1; // without the trailing space
            int hash = 0;
            long packed = 0;
            for (int q = from; q < to; q++) {
              char c = joined.charAt(q);
              hash = 31 * hash + c;
              packed = TermIndex.extend(packed, q - from, c);
            }
            int idx = v.get(joined, from, to, hash, to == from ? -1 : packed);
            if (idx >= 0) {
              hits[h++] = idx;
            }
          }
        }
      } else {
        // character n-grams of " " + plain + " " in code points, hashed incrementally (no substrings)
        String plain = n.plain();
        if (plain.isEmpty()) {
          hits = sc.hits(0);
        } else {
          String padded = " " + plain + " ";
          int len = padded.length();
          hits = sc.hits(len * (b.maxN() - b.minN() + 1));
          for (int start = 0; start < len; ) {
            int end = start;
            int hash = 0;
            long packed = 0;
            for (int cps = 1; cps <= b.maxN() && end < len; cps++) {
              char c0 = padded.charAt(end);
              hash = 31 * hash + c0;
              packed = TermIndex.extend(packed, end - start, c0);
              end++;
              if (Character.isHighSurrogate(c0) && end < len && Character.isLowSurrogate(padded.charAt(end))) {
                char c1 = padded.charAt(end);
                hash = 31 * hash + c1;
                packed = TermIndex.extend(packed, end - start, c1);
                end++;
              }
              if (cps >= b.minN()) {
                int i = v.get(padded, start, end, hash, packed);
                if (i >= 0) {
                  hits[h++] = i;
                }
              }
            }
            start += Character.isHighSurrogate(padded.charAt(start)) && start + 1 < len
                && Character.isLowSurrogate(padded.charAt(start + 1)) ? 2 : 1;
          }
        }
      }
      // term counts in a per-thread scratch array (left zeroed), distinct terms in first-seen
      // order. Not sorting them (Spark sums in index order) changes sums by ~1e-16 relative, far
      // inside the 1e-9 parity the train job checks, and sorting was a fifth of the scoring time.
      int[] counts = sc.counts;
      int d = 0;
      for (int q = 0; q < h; q++) {
        if (counts[hits[q]]++ == 0) {
          hits[d++] = hits[q];
        }
      }
      // TF-IDF, then L2 norm over the block
      int start = size;
      if (size + d > allIdx.length) {
        allIdx = Arrays.copyOf(allIdx, Math.max(size + d, allIdx.length * 2));
        allVal = Arrays.copyOf(allVal, allIdx.length);
      }
      for (int q = 0; q < d; q++) {
        int i = hits[q];
        allIdx[size] = i;
        allVal[size] = (double) counts[i] * b.idf()[i];
        counts[i] = 0;
        size++;
      }
      if (b.l2Normalize()) {
        double sum = 0;
        for (int q = start; q < size; q++) {
          sum += allVal[q] * allVal[q];
        }
        double norm = Math.sqrt(sum);
        if (norm != 0.0) {
          for (int q = start; q < size; q++) {
            allVal[q] /= norm;
          }
        }
      }
      for (int q = start; q < size; q++) {
        allIdx[q] += offsets[k];
      }
    }
    return new Sparse(Arrays.copyOf(allIdx, size), Arrays.copyOf(allVal, size));
  }

  private static double[] margins(LinearHead h, Sparse x) {
    double[] m = new double[h.weights().length];
    for (int r = 0; r < m.length; r++) {
      double[] w = h.weights()[r];
      double sum = 0;
      for (int q = 0; q < x.idx.length; q++) {
        sum += x.val[q] * w[x.idx[q]];
      }
      m[r] = sum + h.intercepts()[r];
    }
    return m;
  }

  /** Raw class probabilities; for a sigmoid head index 1 holds p(classes[1]). */
  private double[] rawProbabilities(Sparse x) {
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
