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
}
