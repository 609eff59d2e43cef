package io.porthunter.intel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * AlienVault OTX: {@code GET /api/v1/indicators/IPv4|IPv6/{ip}/general} with {@code X-OTX-API-KEY}.
 * Reports the pulse count, pulse names and tags (capped, the lists can run to hundreds) and the
 * reputation score.
 */
final class OtxSource extends ThreatSource {
  static final String NAME = "otx";
  static final String KEY_HEADER = "X-OTX-API-KEY";
  static final int MAX_PULSE_NAMES = 10;
  static final int MAX_TAGS = 20;

  OtxSource(ThreatHttp http, IntelSettings settings) {
    super(NAME, http, settings.otxBaseUrl(), KEY_HEADER, settings.otxApiKey());
  }

  @Override
  String path(InetAddress ip) {
    String section = Addresses.isIpv4(ip) ? "IPv4" : "IPv6";
    return "/api/v1/indicators/" + section + "/" + Addresses.text(ip) + "/general";
  }

  @Override
  void describe(JsonNode body, Map<String, Object> out) {
    JsonNode pulseInfo = body.path("pulse_info");
    JsonNode pulses = pulseInfo.path("pulses");
    List<String> names = new ArrayList<>();
    Set<String> tags = new LinkedHashSet<>();
    for (JsonNode pulse : pulses.values()) {
      String name = text(pulse, "name");
      if (name != null && names.size() < MAX_PULSE_NAMES) {
        names.add(name);
      }
      for (JsonNode tag : pulse.path("tags").values()) {
        if (tags.size() < MAX_TAGS && !tag.isNull()) {
          tags.add(tag.asString());
        }
      }
    }
    out.put("pulse_count", pulseInfo.path("count").asInt(pulses.size()));
    out.put("pulses", names);
    out.put("tags", List.copyOf(tags));
    JsonNode reputation = body.path("reputation");
    out.put("reputation", reputation.isNumber() ? reputation.numberValue() : null);
  }
}
