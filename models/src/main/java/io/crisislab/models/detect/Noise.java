package io.crisislab.models.detect;

/**
 * The spread floor of a z-score detector: its {@code minSd} and whether the Poisson floor applies,
 * checked once here for every detector that divides by a spread.
 */
final class Noise {
  private final double minSd;
  private final boolean poisson;

  /**
   * @param detector the detector's name, for the error
   * @param minSd smallest spread divided by (counts), ≥ 0
   * @param poisson whether the Poisson floor {@code sqrt(center + 1)} applies
   */
  Noise(String detector, double minSd, boolean poisson) {
    if (!(minSd >= 0)) {
      throw new IllegalArgumentException(detector + " minSd must be >= 0, got " + minSd);
    }
    this.minSd = minSd;
    this.poisson = poisson;
  }

  /**
   * The spread to divide by: the larger of the measured spread {@code sd}, {@code minSd} and, when
   * {@code poisson} is set, the Poisson noise of a count around {@code center}
   * ({@code sqrt(center + 1)}), so that a quiet series (spread 0) does not turn one post into an
   * infinite z-score.
   */
  double floor(double sd, double center) {
    double s = Math.max(sd, minSd);
    if (poisson) {
      s = Math.max(s, Math.sqrt(Math.max(center, 0) + 1));
    }
    return s;
  }
}
