package io.crisislab.jobs.calibration;

import io.crisislab.models.bundle.LoadedBundle;
import io.crisislab.models.scorer.NegativityScorer;
import java.util.Optional;

/** The bundle's scorer as {@link BundleVerify} uses it (absent until the classifier is in the bundle). */
final class ScorerCheck {
  private ScorerCheck() {}

  /** What verification needs from a scorer. */
  interface Scorer {
    double pNegative(String text);

    double threshold();
  }

  /**
   * The scorer a batch {@code score} run is compared with: the scorer file's own model on every
   * post (a cascade's n-gram front is for live tools; the Spark score job runs the encoder model).
   */
  static Optional<Scorer> load(LoadedBundle lb) {
    return lb.scorer().map(NegativityScorer::fullModel).map(s -> new Scorer() {
      @Override
      public double pNegative(String text) {
        return s.pNegative(text);
      }

      @Override
      public double threshold() {
        return lb.threshold().orElse(s.threshold());
      }
    });
  }

  static String unavailable(LoadedBundle lb) {
    return lb.bundle().classifier() == null ? "the bundle has no classifier" : "no Spark-free scorer in this build";
  }
}
