package io.porthunter.intel;

import java.net.InetAddress;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * GreyNoise Community: {@code GET /v3/community/{ip}} with header {@code key}. Its 404 (a JSON
 * object with the address and a message) means the address was not seen scanning and is not a known
 * benign service: an answer, reported as {@code not_found}. The Community API covers IPv4 only, so
 * IPv6 addresses are skipped.
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

  /** GreyNoise's 404 is a JSON object naming the address, with a message (and noise/riot false). */
  @Override
  boolean describeNotFound(JsonNode body, Map<String, Object> out) {
    String message = text(body, "message");
    if (!body.isObject() || (message == null && text(body, "ip") == null)) {
      return false;
    }
    out.put("noise", body.path("noise").asBoolean(false));
    out.put("riot", body.path("riot").asBoolean(false));
    if (message != null) {
      out.put("message", message);
    }
    return true;
  }
}
