package io.crisislab.jobs.model;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The Params of {@link NgramTfidf} and {@link NgramTfidfModel}, declared once (see {@link TextParams}). */
final class NgramTfidfParams extends TextParams {
  private static final long serialVersionUID = 1L;

  /** Largest word (1-2-gram) vocabulary: the most frequent terms (total count, ties by term) are kept. */
  final IntParam wordVocabSize;
  /** Largest character n-gram vocabulary, chosen like the word one. */
  final IntParam charVocabSize;
  /** Least number of training posts a term must occur in to enter a vocabulary. */
  final IntParam minDf;
  /** Shortest character n-gram, in code points. */
  final IntParam charMinN;
  /** Longest character n-gram, in code points (at least {@link #charMinN}, checked when fitting). */
  final IntParam charMaxN;

  NgramTfidfParams(Params owner) {
    super(owner, "output column: TF-IDF vector, words then chars, each block L2-normalised");
    wordVocabSize = new IntParam(owner, "wordVocabSize", "largest word 1-2-gram vocabulary (most frequent kept)",
        ParamValidators.gtEq(1));
    charVocabSize = new IntParam(owner, "charVocabSize", "largest character n-gram vocabulary (most frequent kept)",
        ParamValidators.gtEq(1));
    minDf = new IntParam(owner, "minDf", "least number of training posts a term occurs in", ParamValidators.gtEq(1));
    charMinN = new IntParam(owner, "charMinN", "shortest character n-gram (code points)", ParamValidators.gtEq(1));
    charMaxN = new IntParam(owner, "charMaxN", "longest character n-gram (code points, >= charMinN)",
        ParamValidators.gtEq(1));
    owner.setDefault(wordVocabSize, (Object) (1 << 18));
    owner.setDefault(charVocabSize, (Object) (1 << 18));
    owner.setDefault(minDf, (Object) 1);
    owner.setDefault(charMinN, (Object) 2);
    owner.setDefault(charMaxN, (Object) 5);
  }

  @Override
  Param<?>[] all() {
    return new Param<?>[] {inputCol, outputCol, wordVocabSize, charVocabSize, minDf, charMinN, charMaxN};
  }
}
