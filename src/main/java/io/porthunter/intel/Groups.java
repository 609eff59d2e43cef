package io.porthunter.intel;

import java.util.List;
import java.util.Map;

/** {@code correlate}'s groups: each maps a key (e.g. "AS15169", "US", "8.8.8.0/24") to addresses. */
public record Groups(Map<String, List<String>> by_asn, Map<String, List<String>> by_country,
    Map<String, List<String>> by_prefix, List<String> intel_hits) {}
