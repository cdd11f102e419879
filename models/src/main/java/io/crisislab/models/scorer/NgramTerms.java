package io.crisislab.models.scorer;

import java.util.List;

/**
 * The n-gram terms of {@link io.crisislab.models.text.TextFeatures} (word n-grams of the tokens
 * joined by single spaces; character n-grams in code points of {@code " " + plain + " "}), in the
 * same order, enumerated as regions of one string without building a string per term. The
 * featuriser looks each region up in its vocabulary; training's term count counts it.
 */
public final class NgramTerms {
  private NgramTerms() {}

  /** Receives each term as the region {@code s[from, to)}. */
  public interface Sink {
    /**
     * @param hash the region's {@link String#hashCode()}
     * @param packed the region as {@link TermIndex}'s inline key, or -1 when it is not inline
     */
    void term(String s, int from, int to, int hash, long packed);
  }

  /** Word n-grams of lengths {@code minN..maxN} of {@code tokens}, all of length minN first. */
  public static void words(List<String> tokens, int minN, int maxN, Sink sink) {
    int nt = tokens.size();
    StringBuilder joinedBuf = new StringBuilder(nt * 8);
    int[] starts = new int[nt + 1];
    for (int i = 0; i < nt; i++) {
      starts[i] = joinedBuf.length();
      joinedBuf.append(tokens.get(i)).append(' ');
    }
    starts[nt] = joinedBuf.length();
    String joined = joinedBuf.toString();
    for (int len = minN; len <= maxN; len++) {
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
        sink.term(joined, from, to, hash, to == from ? -1 : packed);
      }
    }
  }

  /**
   * Character n-grams (code points, lengths {@code minN..maxN}) of {@code " " + plain + " "}, hashed
   * incrementally; none for an empty post. Ordered by start, then length (the terms of
   * {@code TextFeatures.charNgrams}, in another order: counts do not depend on it).
   */
  public static void chars(String plain, int minN, int maxN, Sink sink) {
    if (plain.isEmpty()) {
      return;
    }
    String padded = " " + plain + " ";
    int len = padded.length();
    for (int start = 0; start < len; ) {
      int end = start;
      int hash = 0;
      long packed = 0;
      for (int cps = 1; cps <= maxN && end < len; cps++) {
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
        if (cps >= minN) {
          sink.term(padded, start, end, hash, packed);
        }
      }
      start += Character.isHighSurrogate(padded.charAt(start)) && start + 1 < len
          && Character.isLowSurrogate(padded.charAt(start + 1)) ? 2 : 1;
    }
  }
}
