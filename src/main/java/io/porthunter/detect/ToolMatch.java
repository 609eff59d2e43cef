package io.porthunter.detect;

import java.util.List;

/** The program that most likely sent the probes; "unknown" is an honest answer. */
public record ToolMatch(String name, double confidence, List<String> evidence) {
  static ToolMatch unknown(List<String> evidence) {
    return new ToolMatch("unknown", 0.0, evidence);
  }
}
