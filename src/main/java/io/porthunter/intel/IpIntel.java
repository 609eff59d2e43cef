package io.porthunter.intel;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Who an address belongs to and what threat intel says of it. Offline data answers with no key and
 * no network; OTX and GreyNoise are asked only when keyed. Thread-safe.
 */
public interface IpIntel extends AutoCloseable {
  /** The IANA special-purpose block the address falls in, or empty when it is globally routable. */
  Optional<SpecialPurpose> specialPurpose(InetAddress ip);

  /**
   * Starts loading the offline data in the background, so the first {@link #offline} call after a
   * long capture analysis does not wait for it. Optional; does nothing by default.
   */
  default void prefetchOffline() {}

  /** Offline facts only (embedded or user MMDB data); never touches the network. */
  OfflineFacts offline(InetAddress ip);

  /** Offline facts plus threat intel (cached); a failing service shows in its status, never throws. */
  Enrichment enrich(InetAddress ip);

  /**
   * {@link #enrich} for many addresses, each distinct one asked once, results in the order given;
   * stops with {@link java.util.concurrent.CancellationException} once {@code cancelled} says so.
   */
  List<Enrichment> enrichAll(List<InetAddress> ips, BooleanSupplier cancelled);

  /** Groups for {@code correlate}: by ASN/organisation, country, /24 or /48, and intel hits. */
  Groups group(List<InetAddress> ips, List<Enrichment> enrichments);

  @Override
  void close();
}
