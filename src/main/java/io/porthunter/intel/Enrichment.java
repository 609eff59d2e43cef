package io.porthunter.intel;

import java.util.Map;

/**
 * {@code enrich_ip}'s {@code enrichment} object.
 *
 * @param asn    "AS15169" style, or null when unknown
 * @param asn_number the same as a number
 * @param org    the AS organisation
 * @param geo    {country, ...}
 * @param threat {otx: {status, ...}, greynoise: {status, ...}}
 */
public record Enrichment(String asn, Long asn_number, String org, Map<String, Object> geo,
    Map<String, Object> threat) {}
