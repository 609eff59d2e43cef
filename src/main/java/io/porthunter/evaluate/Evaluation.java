package io.porthunter.evaluate;

import java.util.List;
import java.util.Map;

/**
 * The scores of one run over a labelled corpus.
 *
 * @param techniques per technique: true positives, false positives, false negatives, precision, recall
 * @param mismatches one line per label not reproduced (empty when every label was)
 */
public record Evaluation(
    int captures,
    int labelledScanners,
    int scannersFound,
    int falsePositives,
    int benignFlagged,
    Map<String, TechniqueScore> techniques,
    Ratio pattern,
    Ratio firstEvent,
    Ratio tool,
    Ratio packetCounts,
    List<String> mismatches) {

  /** One technique's counts, with the precision and recall they give (kept as fields, so JSON carries them). */
  public record TechniqueScore(int truePositives, int falsePositives, int falseNegatives, double precision,
      double recall) {
    public static TechniqueScore of(int truePositives, int falsePositives, int falseNegatives) {
      return new TechniqueScore(truePositives, falsePositives, falseNegatives,
          share(truePositives, truePositives + falsePositives), share(truePositives, truePositives + falseNegatives));
    }
  }

  /** How many of {@code total} were right, and the accuracy that is (a field, so JSON carries it). */
  public record Ratio(int right, int total, double accuracy) {
    public static Ratio of(int right, int total) {
      return new Ratio(right, total, share(right, total));
    }
  }

  /** {@code part / whole}, 1 when there is nothing to score (no label and no finding is no error). */
  private static double share(int part, int whole) {
    return whole == 0 ? 1.0 : (double) part / whole;
  }

  /** True when every label was reproduced and nothing else was flagged. */
  public boolean perfect() {
    return mismatches.isEmpty();
  }
}
