package io.porthunter.intel;

/**
 * ASN, organisation and location from offline data; each null when unknown.
 *
 * @param asn        the AS number
 * @param org        the AS organisation
 * @param country    ISO 3166-1 alpha-2 code
 * @param city       city name (English), only from a user City database
 * @param region     first subdivision name (English), only from a user City database
 * @param latitude   only from a user City database
 * @param longitude  only from a user City database
 * @param asn_source where the ASN came from: "embedded" or "mmdb"; null when unknown
 * @param geo_source where the country came from: "embedded" or "mmdb"; null when unknown
 */
public record OfflineFacts(Long asn, String org, String country, String city, String region,
    Double latitude, Double longitude, String asn_source, String geo_source) {
  public static final String SOURCE_EMBEDDED = "embedded";
  public static final String SOURCE_MMDB = "mmdb";
  public static final OfflineFacts UNKNOWN = new OfflineFacts(null, null, null);

  /** ASN, organisation and country only, with no source named. */
  public OfflineFacts(Long asn, String org, String country) {
    this(asn, org, country, null, null, null, null, null, null);
  }

  /** Facts from the data shipped in the jar. */
  static OfflineFacts embedded(Long asn, String org, String country) {
    return new OfflineFacts(asn, org, country, null, null, null, null,
        asn == null ? null : SOURCE_EMBEDDED, country == null ? null : SOURCE_EMBEDDED);
  }

  /** These facts with the ASN part taken from {@code other}. */
  OfflineFacts withAsnOf(OfflineFacts other) {
    return new OfflineFacts(other.asn, other.org, country, city, region, latitude, longitude,
        other.asn_source, geo_source);
  }
}
