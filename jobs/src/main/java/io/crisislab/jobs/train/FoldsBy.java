package io.crisislab.jobs.train;

import io.crisislab.jobs.cli.Choices;

/** How out-of-fold predictions are made. */
public enum FoldsBy {
  /** Time when every training post has {@code created_at}, else random. */
  AUTO,
  /** K contiguous blocks of the training set in time order: held-out posts face an unseen period. */
  TIME,
  /** Seeded, stratified by label. */
  RANDOM;

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
