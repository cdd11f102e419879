package io.crisislab.jobs.train;

/** How out-of-fold predictions are made. */
public enum FoldsBy {
  /** Time when every training post has {@code created_at}, else random. */
  AUTO("auto"),
  /** K contiguous blocks of the training set in time order: held-out posts face an unseen period. */
  TIME("time"),
  /** Seeded, stratified by label. */
  RANDOM("random");

  private final String wire;

  FoldsBy(String wire) {
    this.wire = wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
