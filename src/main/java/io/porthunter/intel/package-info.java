/**
 * Enrichment of addresses: who they belong to and what threat intel says of them.
 *
 * <p>Offline first. ASN, organisation and country come from open data shipped in the jar
 * ({@code ip-asn-country.bin.gz}: sorted 128-bit range starts per table with indexes into
 * deduplicated ASN and country tables, loaded once on first use, binary-searched), or from the
 * user's MaxMind/DB-IP MMDB files when configured. Special-purpose blocks follow the IANA
 * registries and are never sent to a service.
 *
 * <p>Threat intel (AlienVault OTX, GreyNoise Community) is asked only when keyed. Each source
 * reports its own status, so a failing service never hides the offline facts; answers (including
 * "not found") are cached in memory and in SQLite across restarts, failures are not. HTTP calls
 * share a timeout, a concurrency cap and bounded retries. Entry points:
 * {@link io.porthunter.intel.IntelSettings} and {@link io.porthunter.intel.DefaultIpIntel#create}.
 */
package io.porthunter.intel;
