package io.crisislab.models.bundle;

import io.crisislab.models.detect.AlertRule;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.scorer.NegativityScorer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated bundle with its ready objects: the Spark-free scorer and a streaming detector with its
 * alert policy per brand/channel. Thread-safety: the bundle, the scorer and the rule lookup are
 * immutable; detectors are stateful, so a live tool asks for a new one per series.
 */
public final class LoadedBundle {
  private final Path file;
  private final CalibrationBundle bundle;
  private final Path scorerFile;
  private final NegativityScorer scorer;

  private LoadedBundle(Path file, CalibrationBundle bundle, Path scorerFile, NegativityScorer scorer) {
    this.file = file;
    this.bundle = bundle;
    this.scorerFile = scorerFile;
    this.scorer = scorer;
  }

  static LoadedBundle build(Path file, Path dir, CalibrationBundle b) {
    // every rule must instantiate here, so a live tool never meets a bad rule at alert time
    for (int i = 0; i < b.surgeRules().size(); i++) {
      try {
        b.surgeRules().get(i).spec().newRule();
      } catch (RuntimeException e) {
        throw new DataException(file + ": key 'surgeRules[" + i + "]': " + e.getMessage(), e);
      }
    }
    Path scorerPath = null;
    NegativityScorer scorer = null;
    if (b.classifier() != null) {
      scorerPath = BundleLoader.checkedFile(file, dir, "classifier.scorerFile", b.classifier().scorerFile(),
          b.classifier().scorerSha256());
      try {
        scorer = NegativityScorer.load(scorerPath);
      } catch (RuntimeException e) {
        throw new DataException(file + ": key 'classifier.scorerFile': " + scorerPath + " is not a usable scorer: "
            + e.getMessage(), e);
      }
      // one threshold: a live tool must flag exactly what the scorer's own isNegative flags
      if (Double.compare(scorer.threshold(), b.classifier().threshold()) != 0) {
        throw new DataException(file + ": key 'classifier.threshold' is " + b.classifier().threshold() + " but "
            + scorerPath.getFileName() + " has threshold " + scorer.threshold() + "; they must agree (rebuild the bundle)");
      }
      // one band too: the bundle states what the scorer routes to the encoder
      Double band = scorer.file().cascade() == null ? null : scorer.file().cascade().margin();
      if (!java.util.Objects.equals(band, b.classifier().cascadeMargin())) {
        throw new DataException(file + ": key 'classifier.cascadeMargin' is " + b.classifier().cascadeMargin() + " but "
            + scorerPath.getFileName() + " has cascade margin " + band + "; they must agree (rebuild the bundle)");
      }
    }
    return new LoadedBundle(file, b, scorerPath, scorer);
  }

  /** The bundle file this was loaded from. */
  public Path file() {
    return file;
  }

  /** The bundle's content as written. */
  public CalibrationBundle bundle() {
    return bundle;
  }

  /**
   * The ready Spark-free scorer, if the bundle has a classifier. A live tool flags a post negative
   * when {@code scorer.pNegative(text) >= threshold()} (the bundle's operating threshold).
   */
  public Optional<NegativityScorer> scorer() {
    return Optional.ofNullable(scorer);
  }

  /** The operating threshold on calibrated {@code p_negative}, if the bundle has a classifier. */
  public Optional<Double> threshold() {
    return bundle.classifier() == null ? Optional.empty() : Optional.of(bundle.classifier().threshold());
  }

  /** The checksum-verified scorer file, if the bundle has a classifier. */
  public Optional<Path> scorerFile() {
    return Optional.ofNullable(scorerFile);
  }

  /**
   * A fresh streaming detector with its alert policy for a series of this brand/channel and measure
   * ({@link SurgeRule#MEASURES}, or null for any), or empty if no rule applies. Stateful: one per
   * series, fed one bucket at a time in time order.
   */
  public Optional<AlertRule> newRule(String brand, String channel, String measure) {
    return ruleFor(brand, channel, measure).map(r -> r.spec().newRule());
  }

  /** The bundle's rule for a series of this brand/channel and measure ({@link SurgeRule#find}). */
  public Optional<SurgeRule> ruleFor(String brand, String channel, String measure) {
    return SurgeRule.find(bundle.surgeRules(), brand, channel, measure);
  }
}
