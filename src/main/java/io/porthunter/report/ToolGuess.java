package io.porthunter.report;

import java.util.List;

/** Which program most likely sent the probes; {@code name} "unknown" when the evidence is thin. */
public record ToolGuess(String name, double confidence, List<String> evidence) {}
