package io.crisislab.models.scorer;

import io.crisislab.models.text.SocialTextNormalizer;
import java.util.Arrays;
import java.util.List;

/**
 * The one featuriser of CrisisLab's classifiers: normalises a post ({@link SocialTextNormalizer}),
 * counts its word and character n-grams (the terms {@link io.crisislab.models.text.TextFeatures}
 * defines) in each {@link FeatureBlock}'s vocabulary and returns TF-IDF values. The Spark-free
 * {@link NegativityScorer} and the Spark training and scoring pipeline (the {@code jobs} model
 * package wraps it as an MLlib stage) both call it, so training and live scoring share one
 * featuriser by construction.
 *
 * <p>Thread-safe: the vocabularies are immutable and each thread has its own buffers.
 */
public final class TfidfFeaturizer {
  private final List<FeatureBlock> blocks;
  private final List<TermIndex> vocab;
  private final int[] offsets;
  private final int size;
  /** Per-thread buffers, so that featurising a post allocates little. */
  private final ThreadLocal<Scratch> scratch;

  /**
   * Term counts (as long as the largest block's vocabulary; all zero between calls) and the hits
   * of the block being featurised: the vocabulary index of each term found, in term order.
   */
  private static final class Scratch implements NgramTerms.Sink {
    final int[] counts;
    int[] hits = new int[256];
    int h;
    private TermIndex vocab;

    Scratch(int vocabulary) {
      counts = new int[vocabulary];
    }

    void begin(TermIndex v) {
      vocab = v;
      h = 0;
    }

    @Override
    public void term(String s, int from, int to, int hash, long packed) {
      int i = vocab.get(s, from, to, hash, packed);
      if (i >= 0) {
        if (h == hits.length) {
          hits = Arrays.copyOf(hits, 2 * h);
        }
        hits[h++] = i;
      }
    }
  }

  /** A featuriser over {@code blocks}, concatenated in list order. */
  public TfidfFeaturizer(List<FeatureBlock> blocks) {
    blocks.forEach(FeatureBlock::validate);
    this.blocks = List.copyOf(blocks);
    this.vocab = blocks.stream().map(b -> new TermIndex(b.vocabulary())).toList();
    offsets = new int[blocks.size()];
    int off = 0;
    for (int k = 0; k < offsets.length; k++) {
      offsets[k] = off;
      off += blocks.get(k).vocabulary().size();
    }
    size = off;
    int largest = blocks.stream().mapToInt(b -> b.vocabulary().size()).max().orElse(0);
    scratch = ThreadLocal.withInitial(() -> new Scratch(largest));
  }

  /** Length of the feature vectors: the vocabulary sizes summed. */
  public int size() {
    return size;
  }

  /** A sparse feature vector: distinct indices (in first-seen order, not sorted) and their values. */
  public record Sparse(int[] idx, double[] val) {}

  /**
   * The TF-IDF feature vector of {@code text} (null is the empty post), blocks concatenated, each
   * block L2-normalised when it says so: the vector Spark's former CountVectorizer/IDF/Normalizer/
   * VectorAssembler chain built, with indices in first-seen order.
   */
  public Sparse features(String text) {
    SocialTextNormalizer.Normalized n = SocialTextNormalizer.normalize(text);
    int[] allIdx = new int[64];
    double[] allVal = new double[64];
    int size = 0;
    for (int k = 0; k < offsets.length; k++) {
      FeatureBlock b = blocks.get(k);
      TermIndex v = vocab.get(k);
      Scratch sc = scratch.get();
      sc.begin(v);
      if (FeatureBlock.WORD.equals(b.kind())) {
        NgramTerms.words(n.tokens(), b.minN(), b.maxN(), sc);
      } else {
        NgramTerms.chars(n.plain(), b.minN(), b.maxN(), sc);
      }
      int[] hits = sc.hits;
      int h = sc.h;
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
}
