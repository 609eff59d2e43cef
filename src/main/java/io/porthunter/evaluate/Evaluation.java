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

  public record TechniqueScore(int truePositives, int falsePositives, int falseNegatives) {
    public double precision() {
      return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
    }

    public double recall() {
      return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
    }
  }

  public record Ratio(int right, int total) {
    public double value() {
      return total == 0 ? 1.0 : (double) right / total;
    }
  }

  /** True when every label was reproduced and nothing else was flagged. */
  public boolean perfect() {
    return mismatches.isEmpty();
  }
}
