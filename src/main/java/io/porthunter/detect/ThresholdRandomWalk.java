package io.porthunter.detect;

/**
 * Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan, "Fast Portscan Detection Using
 * Sequential Hypothesis Testing", IEEE S&P 2004): a sequential likelihood-ratio test over a source's
 * first-contact outcomes. Each success multiplies the ratio by θ1/θ0, each failure by
 * (1-θ1)/(1-θ0); crossing η1 = β/α accepts "scanner", crossing η0 = (1-β)/(1-α) accepts "benign".
 *
 * <p>Benign acceptance restarts the walk rather than ending it, so a source that first behaves and
 * later scans (a slow scan hidden in normal traffic) is still caught. Works in log space.
 */
final class ThresholdRandomWalk {
  private final double successStep;
  private final double failureStep;
  private final double upper;
  private final double lower;
  private final int minFailures;
  private double logRatio;
  private int observed;
  private int failures;
  private int detectedAfter = -1;

  ThresholdRandomWalk(DetectionSettings s) {
    successStep = Math.log(s.trwTheta1() / s.trwTheta0());
    failureStep = Math.log((1 - s.trwTheta1()) / (1 - s.trwTheta0()));
    upper = Math.log(s.trwBeta() / s.trwAlpha());
    lower = Math.log((1 - s.trwBeta()) / (1 - s.trwAlpha()));
    minFailures = s.minFailedContacts();
  }

  /** Feeds the next first contact in time order; returns true once the source is judged a scanner. */
  boolean observe(boolean success) {
    if (detectedAfter > 0) {
      return true;
    }
    observed++;
    if (success) {
      logRatio += successStep;
    } else {
      failures++;
      logRatio += failureStep;
    }
    if (logRatio <= lower) {
      logRatio = 0;
    } else if (logRatio >= upper && failures >= minFailures) {
      detectedAfter = observed;
    }
    return detectedAfter > 0;
  }

  boolean scanner() {
    return detectedAfter > 0;
  }

  /** Contacts it took to decide, or -1 while undecided. */
  int detectedAfter() {
    return detectedAfter;
  }
}
