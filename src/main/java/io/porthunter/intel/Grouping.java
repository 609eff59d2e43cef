package io.porthunter.intel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code correlate}'s groups. Keys keep first-seen order; addresses with no ASN or country
 * stay out of those groups rather than forming an "unknown" one that would suggest a relation.
 */
final class Grouping {
  static final String MALICIOUS = "malicious";

  private Grouping() {}

  static Groups of(List<InetAddress> ips, List<Enrichment> enrichments) {
    if (ips.size() != enrichments.size()) {
      throw new IllegalArgumentException("need one enrichment per address: " + ips.size()
          + " addresses, " + enrichments.size() + " enrichments");
    }
    Map<String, List<String>> byAsn = new LinkedHashMap<>();
    Map<String, List<String>> byCountry = new LinkedHashMap<>();
    Map<String, List<String>> byPrefix = new LinkedHashMap<>();
    List<String> hits = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      InetAddress ip = Addresses.canonical(ips.get(i));
      String text = Addresses.text(ip);
      Enrichment e = enrichments.get(i);
      add(byAsn, e.asn(), text);
      add(byCountry, e.geo() == null ? null : (String) e.geo().get("country"), text);
      add(byPrefix, Addresses.groupPrefix(ip), text);
      if (isIntelHit(e) && !hits.contains(text)) {
        hits.add(text);
      }
    }
    return new Groups(byAsn, byCountry, byPrefix, hits);
  }

  /** OTX knows pulses for it, or GreyNoise saw it scanning (noise) or calls it malicious. */
  static boolean isIntelHit(Enrichment e) {
    if (e.threat() == null) {
      return false;
    }
    Map<?, ?> otx = e.threat().get(OtxSource.NAME) instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> gn = e.threat().get(GreyNoiseSource.NAME) instanceof Map<?, ?> m ? m : Map.of();
    boolean pulses = otx.get("pulse_count") instanceof Number n && n.longValue() > 0;
    boolean noise = Boolean.TRUE.equals(gn.get("noise"));
    boolean malicious = MALICIOUS.equals(gn.get("classification"));
    return pulses || noise || malicious;
  }

  private static void add(Map<String, List<String>> groups, String key, String ip) {
    if (key != null) {
      List<String> members = groups.computeIfAbsent(key, k -> new ArrayList<>());
      if (!members.contains(ip)) {
        members.add(ip);
      }
    }
  }
}
