package io.crisislab.models.scorer;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One block of TF-IDF features in a {@link ScorerFile}: which terms it counts, its vocabulary (term
 * at position i is feature i of the block) and IDF weights; blocks are concatenated in file order.
 *
 * @param name block name ({@code words}, {@code chars})
 * @param kind {@code word} (word n-grams of normalised tokens) or {@code char} (character n-grams of
 *     the normalised text padded with one space each side, counted in code points)
 * @param minN smallest n-gram length
 * @param maxN largest n-gram length
 * @param vocabulary terms, feature index = list position (most frequent first: total count descending, ties by term)
 * @param idf IDF weight per term, {@code ln((m + 1) / (df + 1))} with m training documents (MLlib IDF)
 * @param l2Normalize whether the block's TF-IDF vector is divided by its Euclidean norm
 */
public record FeatureBlock(String name, String kind, int minN, int maxN, List<String> vocabulary,
    double[] idf, boolean l2Normalize) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String WORD = "word";
  public static final String CHAR = "char";

  /** Checks the block's invariants; the message names the block. */
  void validate() {
    if (!WORD.equals(kind) && !CHAR.equals(kind)) {
      throw new IllegalArgumentException("block " + name + ": kind must be word or char, got " + kind);
    }
    if (minN < 1 || maxN < minN) {
      throw new IllegalArgumentException("block " + name + ": bad n-gram range " + minN + ".." + maxN);
    }
    if (vocabulary == null || idf == null || vocabulary.size() != idf.length) {
      throw new IllegalArgumentException("block " + name + ": vocabulary and idf must have the same length");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureBlock b && name.equals(b.name) && kind.equals(b.kind) && minN == b.minN
        && maxN == b.maxN && vocabulary.equals(b.vocabulary) && Arrays.equals(idf, b.idf)
        && l2Normalize == b.l2Normalize;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + vocabulary.size();
  }
}
