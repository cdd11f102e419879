package io.crisislab.models.detect;

/** The spread floor shared by the z-score detectors. */
final class Noise {
  private Noise() {}

  /**
   * The spread to divide by: the larger of the measured spread, {@code minSd} and, when
   * {@code poisson} is set, the Poisson noise of a count around {@code center}
   * ({@code sqrt(center + 1)}), so that a quiet series (spread 0) does not turn one post into an
   * infinite z-score.
   */
  static double floor(double sd, double center, double minSd, boolean poisson) {
    double s = Math.max(sd, minSd);
    if (poisson) {
      s = Math.max(s, Math.sqrt(Math.max(center, 0) + 1));
    }
    return s;
  }
}
