package io.porthunter.intel;

import java.net.InetAddress;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * GreyNoise Community: {@code GET /v3/community/{ip}} with header {@code key}. A 404 means the
 * address was not seen scanning and is not a known benign service: an answer, reported as
 * {@code not_found}. The Community API covers IPv4 only, so IPv6 addresses are skipped.
 */
final class GreyNoiseSource extends ThreatSource {
  static final String NAME = "greynoise";
  static final String KEY_HEADER = "key";

  GreyNoiseSource(ThreatHttp http, IntelSettings settings) {
    super(NAME, http, settings.greynoiseBaseUrl(), KEY_HEADER, settings.greynoiseApiKey());
  }

  static final String IPV6_UNSUPPORTED = "ipv6_not_supported";

  @Override
  String unsupportedReason(InetAddress ip) {
    return Addresses.isIpv4(ip) ? null : IPV6_UNSUPPORTED;
  }

  @Override
  String path(InetAddress ip) {
    return "/v3/community/" + Addresses.text(ip);
  }

  @Override
  void describe(JsonNode body, Map<String, Object> out) {
    out.put("noise", body.path("noise").asBoolean(false));
    out.put("riot", body.path("riot").asBoolean(false));
    out.put("classification", text(body, "classification"));
    out.put("name", text(body, "name"));
    out.put("last_seen", text(body, "last_seen"));
    out.put("link", text(body, "link"));
  }

  @Override
  void describeNotFound(JsonNode body, Map<String, Object> out) {
    out.put("noise", false);
    out.put("riot", false);
    String message = text(body, "message");
    if (message != null) {
      out.put("message", message);
    }
  }
}
