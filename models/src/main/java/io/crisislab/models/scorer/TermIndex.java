package io.crisislab.models.scorer;

import java.util.List;

/**
 * Vocabulary lookup without allocating: an open-addressing hash table from term to feature index
 * whose probes take a region of a character sequence and its {@link String#hashCode()}-compatible
 * hash, so character n-grams can be looked up while the hash is extended one character at a time.
 */
final class TermIndex {
  private final String[] keys;
  private final int[] values;
  private final int mask;

  TermIndex(List<String> vocabulary) {
    int cap = Integer.highestOneBit(Math.max(4, vocabulary.size() * 2 - 1)) << 1;
    keys = new String[cap];
    values = new int[cap];
    mask = cap - 1;
    for (int i = 0; i < vocabulary.size(); i++) {
      String t = vocabulary.get(i);
      int slot = spread(t.hashCode()) & mask;
      while (keys[slot] != null && !keys[slot].equals(t)) {
        slot = (slot + 1) & mask;
      }
      if (keys[slot] == null) {
        keys[slot] = t;
        values[slot] = i;
      }
    }
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x9E3779B1;
  }

  /** Index of the term equal to {@code s[from, to)} whose String hash is {@code hash}, or -1. */
  int get(CharSequence s, int from, int to, int hash) {
    int len = to - from;
    int slot = spread(hash) & mask;
    while (true) {
      String k = keys[slot];
      if (k == null) {
        return -1;
      }
      if (k.length() == len && k.hashCode() == hash && regionEquals(k, s, from, len)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Index of {@code term}, or -1. */
  int get(String term) {
    return get(term, 0, term.length(), term.hashCode());
  }

  private static boolean regionEquals(String k, CharSequence s, int from, int len) {
    for (int i = 0; i < len; i++) {
      if (k.charAt(i) != s.charAt(from + i)) {
        return false;
      }
    }
    return true;
  }
}
