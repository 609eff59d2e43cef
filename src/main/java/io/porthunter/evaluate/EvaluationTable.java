package io.porthunter.evaluate;

import java.util.Locale;
import java.util.Map;

/** Renders an {@link Evaluation} as the plain-text table {@code porthunter evaluate} prints. */
public final class EvaluationTable {
  private EvaluationTable() {}

  public static String render(Evaluation e) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "captures %d, labelled scanners %d, found %d, false positives %d "
        + "(benign addresses flagged %d)%n%n", e.captures(), e.labelledScanners(), e.scannersFound(),
        e.falsePositives(), e.benignFlagged()));
    b.append(String.format(Locale.ROOT, "| %-12s | %4s | %4s | %4s | %9s | %6s |%n", "technique", "TP", "FP", "FN",
        "precision", "recall"));
    b.append("|--------------|------|------|------|-----------|--------|\n");
    for (Map.Entry<String, Evaluation.TechniqueScore> t : e.techniques().entrySet()) {
      Evaluation.TechniqueScore s = t.getValue();
      b.append(String.format(Locale.ROOT, "| %-12s | %4d | %4d | %4d | %9.3f | %6.3f |%n", t.getKey(),
          s.truePositives(), s.falsePositives(), s.falseNegatives(), s.precision(), s.recall()));
    }
    b.append('\n');
    row(b, "pattern accuracy", e.pattern());
    row(b, "first-event accuracy", e.firstEvent());
    row(b, "tool accuracy", e.tool());
    row(b, "packet counts exact", e.packetCounts());
    if (!e.mismatches().isEmpty()) {
      b.append("\nnot reproduced:\n");
      e.mismatches().forEach(m -> b.append("  - ").append(m).append('\n'));
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Evaluation.Ratio r) {
    b.append(String.format(Locale.ROOT, "%-22s %3d/%-3d %.3f%n", name, r.right(), r.total(), r.accuracy()));
  }
}
