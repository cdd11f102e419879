package io.crisislab.models.scorer;

import java.util.List;

/**
 * Vocabulary lookup without allocating: an open-addressing hash table from term to feature index
 * whose probes take a region of a string and its {@link String#hashCode()}-compatible hash, so
 * character n-grams can be looked up while the hash is extended one character at a time.
 *
 * <p>Layout, chosen for scoring speed (a post makes hundreds of lookups, most of them for
 * character n-grams of up to five chars): each slot is two longs — (hash, flags, index) and the
 * key itself when it is at most {@value #INLINE} Latin-1 chars, one byte each. A probe reads one
 * 16-byte slot and, for short keys, nothing else; the table for a 100k-term vocabulary is about
 * 2 MiB and stays in cache. Longer or non-Latin-1 keys are compared through their {@code String}.
 * Keeping every key as a {@code String} cost two cache misses per hit and made the scorer several
 * times slower. Lookups are exact: a term is found only if every char matches. Load factor at most
 * 3/4.
 */
final class TermIndex {
  /** Keys of up to this many Latin-1 chars are stored in the slot itself. */
  static final int INLINE = 8;
  /** Flag in a slot's head: the key is in {@link #longKeys}, not inline. */
  private static final long OUT_OF_LINE = 1L << 31;
  private static final long INDEX_MASK = OUT_OF_LINE - 1;

  /**
   * Slot s: table[2s] = hash << 32 | OUT_OF_LINE flag | (index + 1), 0 when empty; table[2s + 1] =
   * inline key bytes, char k in bits 8k..8k+7 (unused bytes zero).
   */
  private final long[] table;
  /** Keys not stored inline, by slot. */
  private final String[] longKeys;
  private final int mask;
  private final int shift;

  TermIndex(List<String> vocabulary) {
    int cap = Math.max(4, Integer.highestOneBit(Math.max(1, vocabulary.size() * 4 / 3)) << 1);
    table = new long[2 * cap];
    longKeys = new String[cap];
    mask = cap - 1;
    shift = 32 - Integer.numberOfTrailingZeros(cap);
    for (int i = 0; i < vocabulary.size(); i++) {
      String t = vocabulary.get(i);
      if (get(t) >= 0) {
        continue; // a repeated term keeps its first index, as a map would
      }
      int h = t.hashCode();
      int slot = home(h);
      while (table[2 * slot] != 0) {
        slot = (slot + 1) & mask;
      }
      long packed = pack(t);
      boolean inline = packed != -1;
      table[2 * slot] = ((long) h << 32) | (inline ? 0 : OUT_OF_LINE) | (i + 1);
      if (inline) {
        table[2 * slot + 1] = packed;
      } else {
        longKeys[slot] = t;
      }
    }
  }

  /** The key as inline bytes, or -1 when it is empty, longer than {@value #INLINE} or not Latin-1. */
  static long pack(String t) {
    if (t.isEmpty()) {
      return -1;
    }
    long packed = 0;
    for (int k = 0; k < t.length(); k++) {
      packed = extend(packed, k, t.charAt(k));
    }
    return packed;
  }

  /** Fibonacci hashing: the high bits of the product, which depend on every bit of the hash. */
  private int home(int h) {
    return (h * 0x9E3779B1) >>> shift;
  }

  /**
   * Index of the term equal to {@code s[from, to)}, or -1. {@code hash} must be that region's
   * {@link String#hashCode()} and {@code packed} its {@link #pack} value (callers extending an
   * n-gram one char at a time keep both up to date for free), so a short key is matched by
   * comparing one long.
   */
  int get(String s, int from, int to, int hash, long packed) {
    int len = to - from;
    int slot = home(hash);
    while (true) {
      long head = table[2 * slot];
      if (head == 0) {
        return -1;
      }
      if ((int) (head >>> 32) == hash) {
        boolean match = (head & OUT_OF_LINE) != 0
            ? packed == -1 && longKeys[slot].length() == len && longKeys[slot].regionMatches(0, s, from, len)
            : table[2 * slot + 1] == packed;
        if (match) {
          return (int) (head & INDEX_MASK) - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Index of {@code term}, or -1. */
  int get(String term) {
    return get(term, 0, term.length(), term.hashCode(), pack(term));
  }

  /**
   * {@code packed} after appending char {@code c} as the {@code k}-th (0-based) char of a key:
   * -1 (not inline) stays -1, and so does a key that grows past {@value #INLINE} chars or meets a
   * char outside 1..0xFF. Equal keys give equal values; an inline key's value is never -1.
   */
  static long extend(long packed, int k, char c) {
    if (packed == -1 || k >= INLINE || c == 0 || c > 0xFF) {
      return -1;
    }
    return packed | ((long) c << (8 * k));
  }
}
