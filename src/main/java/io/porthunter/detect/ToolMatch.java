package io.porthunter.detect;

import java.util.ArrayList;
import java.util.List;

/** The program that most likely sent the probes; "unknown" is an honest answer. */
public record ToolMatch(String name, double confidence, List<String> evidence) {
  static ToolMatch unknown(List<String> evidence) {
    return new ToolMatch("unknown", 0.0, evidence);
  }

  /** The same match with one more piece of evidence. */
  ToolMatch withEvidence(String more) {
    List<String> all = new ArrayList<>(evidence);
    all.add(more);
    return new ToolMatch(name, confidence, List.copyOf(all));
  }
}
