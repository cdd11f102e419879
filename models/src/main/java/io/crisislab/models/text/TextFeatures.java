package io.crisislab.models.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The n-gram terms a classifier counts, built from {@link SocialTextNormalizer} output: the
 * definition. The Spark pipeline counts {@link #charNgrams} (through a SQL function) and word
 * n-grams from MLlib's {@code NGram}, which joins tokens with one space exactly as
 * {@link #wordNgrams} does. The Spark-free scorer enumerates the same terms without building a
 * string per term, and {@code NegativityScorerTest} checks it against these lists.
 */
public final class TextFeatures {
  private TextFeatures() {}

  /**
   * Word n-grams of lengths {@code minN..maxN}: all n-grams of length minN first, then minN+1, …;
   * an n-gram is its tokens joined by one space.
   */
  public static List<String> wordNgrams(List<String> tokens, int minN, int maxN) {
    List<String> out = new ArrayList<>(tokens.size() * (maxN - minN + 1));
    for (int n = minN; n <= maxN; n++) {
      for (int i = 0; i + n <= tokens.size(); i++) {
        if (n == 1) {
          out.add(tokens.get(i));
        } else {
          out.add(String.join(" ", tokens.subList(i, i + n)));
        }
      }
    }
    return out;
  }

  /**
   * Character n-grams (in Unicode code points, lengths {@code minN..maxN}) of {@code " " + plain + " "},
   * so word starts and ends are marked; an empty post has none.
   */
  public static List<String> charNgrams(String plain, int minN, int maxN) {
    if (plain.isEmpty()) {
      return List.of();
    }
    String padded = " " + plain + " ";
    int[] starts = codePointStarts(padded);
    int cps = starts.length - 1;
    List<String> out = new ArrayList<>(cps * (maxN - minN + 1));
    for (int n = minN; n <= maxN; n++) {
      for (int i = 0; i + n <= cps; i++) {
        out.add(padded.substring(starts[i], starts[i + n]));
      }
    }
    return out;
  }

  /** Offsets of each code point in s, plus s.length() at the end. */
  static int[] codePointStarts(String s) {
    int cps = s.codePointCount(0, s.length());
    int[] starts = new int[cps + 1];
    int k = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      starts[k++] = i;
    }
    starts[cps] = s.length();
    return starts;
  }
}
