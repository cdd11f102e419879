package io.crisislab.jobs.model;

import io.crisislab.models.scorer.NgramTerms;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition's counts of one block's terms for {@link NgramTfidf}: per distinct term, its total
 * count and the number of posts holding it. An open-addressing table probed with the region and
 * hash {@link NgramTerms} hands over, so a term becomes a {@code String} once, when first seen,
 * and counting a post allocates nothing (a boxed {@code HashMap} of substrings and a per-post
 * {@code HashSet} for the document frequency cost most of the term count before). Load factor at
 * most 1/2. Not thread-safe: one per partition.
 */
final class NgramTfidfCounts implements NgramTerms.Sink {
  private String[] keys = new String[1 << 12];
  private int[] hashes = new int[keys.length];
  private long[] count = new long[keys.length];
  private long[] df = new long[keys.length];
  /** The last post (1-based) that counted the term: the document frequency counts a post once. */
  private int[] lastDoc = new int[keys.length];
  private int size;
  private int doc;

  /** Starts the next post: its terms add to the document frequency once each. */
  void nextPost() {
    doc++;
  }

  @Override
  public void term(String s, int from, int to, int hash, long packed) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int len = to - from;
    int mask = keys.length - 1;
    int slot = (hash * 0x9E3779B1) & mask;
    while (true) {
      String k = keys[slot];
      if (k == null) {
        keys[slot] = s.substring(from, to);
        hashes[slot] = hash;
        size++;
        break;
      }
      if (hashes[slot] == hash && k.length() == len && k.regionMatches(0, s, from, len)) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    count[slot]++;
    if (lastDoc[slot] != doc) {
      lastDoc[slot] = doc;
      df[slot]++;
    }
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    long[] oldCount = count;
    long[] oldDf = df;
    int[] oldLast = lastDoc;
    int cap = oldKeys.length * 2;
    keys = new String[cap];
    hashes = new int[cap];
    count = new long[cap];
    df = new long[cap];
    lastDoc = new int[cap];
    int mask = cap - 1;
    for (int o = 0; o < oldKeys.length; o++) {
      if (oldKeys[o] != null) {
        int slot = (oldHashes[o] * 0x9E3779B1) & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[o];
        hashes[slot] = oldHashes[o];
        count[slot] = oldCount[o];
        df[slot] = oldDf[o];
        lastDoc[slot] = oldLast[o];
      }
    }
  }

  /** Distinct terms counted. */
  int size() {
    return size;
  }

  /**
   * Each term as a row ({@code tag} + term, total count, posts holding it), in no particular order,
   * then the rows of {@code then}; made one at a time, as the shuffle writes them.
   */
  Iterator<Row> entries(char tag, Iterator<Row> then) {
    return new Iterator<>() {
      private int slot = next(0);

      private int next(int from) {
        int s = from;
        while (s < keys.length && keys[s] == null) {
          s++;
        }
        return s;
      }

      @Override
      public boolean hasNext() {
        return slot < keys.length || then.hasNext();
      }

      @Override
      public Row next() {
        if (slot >= keys.length) {
          return then.next();
        }
        Row t = RowFactory.create(tag + keys[slot], count[slot], df[slot]);
        slot = next(slot + 1);
        return t;
      }
    };
  }
}
