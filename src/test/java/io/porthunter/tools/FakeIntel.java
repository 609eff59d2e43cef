package io.porthunter.tools;

import io.porthunter.intel.Enrichment;
import io.porthunter.intel.Groups;
import io.porthunter.intel.IpIntel;
import io.porthunter.intel.OfflineFacts;
import io.porthunter.intel.SpecialPurpose;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Hand-written IpIntel: 10/8 and 192.168/16 are private, everything else is one Google-ish answer. */
public final class FakeIntel implements IpIntel {
  public volatile List<InetAddress> lastGrouped = List.of();
  public volatile boolean closed;
  public final AtomicInteger prefetches = new AtomicInteger();

  @Override
  public void prefetchOffline() {
    prefetches.incrementAndGet();
  }

  @Override
  public Optional<SpecialPurpose> specialPurpose(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (b.length == 4 && b[0] == 10) {
      return Optional.of(new SpecialPurpose("private_ip", "private", "10.0.0.0/8"));
    }
    if (b.length == 4 && (b[0] & 0xff) == 192 && (b[1] & 0xff) == 168) {
      return Optional.of(new SpecialPurpose("private_ip", "private", "192.168.0.0/16"));
    }
    return Optional.empty();
  }

  @Override
  public OfflineFacts offline(InetAddress ip) {
    return new OfflineFacts(15169L, "Google LLC", "US");
  }

  @Override
  public Enrichment enrich(InetAddress ip) {
    return new Enrichment("AS15169", 15169L, "Google LLC", Map.of("country", "US"),
        Map.of("otx", Map.of("status", "not_configured")));
  }

  @Override
  public List<Enrichment> enrichAll(List<InetAddress> ips, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("enrichment cancelled"); // as DefaultIpIntel does
    }
    return ips.stream().map(this::enrich).toList();
  }

  @Override
  public Groups group(List<InetAddress> ips, List<Enrichment> enrichments) {
    lastGrouped = List.copyOf(ips);
    List<String> texts = ips.stream().map(InetAddress::getHostAddress).toList();
    return new Groups(Map.of("AS15169", texts), Map.of("US", texts), Map.of(), List.of());
  }

  @Override
  public void close() {
    closed = true;
  }
}
