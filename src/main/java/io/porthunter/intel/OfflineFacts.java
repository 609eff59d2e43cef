package io.porthunter.intel;

/** ASN, organisation and country from offline data; each null when unknown. */
public record OfflineFacts(Long asn, String org, String country) {
  public static final OfflineFacts UNKNOWN = new OfflineFacts(null, null, null);
}
