package io.porthunter.intel;

import java.io.IOException;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline facts: user MMDB files when configured (they are usually fresher and may know cities),
 * else the embedded open data. A user database that has no record for an address, or fails to
 * read, falls back to the embedded data for that part. Special-purpose addresses get no facts: the
 * whois-derived data sometimes covers them (e.g. 2001:db8::/32 inside a registry's block), which
 * would attach a real country to a documentation or private address.
 */
final class OfflineLookup implements AutoCloseable {
  private final MmdbDatabase geoDb;
  private final MmdbDatabase asnDb;

  OfflineLookup(IntelSettings settings) {
    this.geoDb = settings.geoipDb() == null
        ? null
        : new MmdbDatabase(settings.geoipDb(), IntelSettings.GEOIP_DB);
    MmdbDatabase asn;
    try {
      asn = settings.asnDb() == null ? null : new MmdbDatabase(settings.asnDb(), IntelSettings.ASN_DB);
    } catch (IllegalArgumentException e) {
      if (geoDb != null) {
        geoDb.close();
      }
      throw e;
    }
    this.asnDb = asn;
  }

  OfflineFacts lookup(InetAddress ip) {
    InetAddress address = Addresses.canonical(ip);
    if (SpecialPurposeRegistry.lookup(address).isPresent()) {
      return OfflineFacts.UNKNOWN;
    }
    OfflineFacts facts = EmbeddedIpDb.get().lookup(address);
    if (geoDb != null) {
      OfflineFacts user = read(geoDb, address, true);
      if (user.country() != null) {
        facts = user.withAsnOf(facts);
      }
    }
    if (asnDb != null) {
      OfflineFacts user = read(asnDb, address, false);
      if (user.asn() != null) {
        facts = facts.withAsnOf(user);
      }
    }
    return facts;
  }

  private static OfflineFacts read(MmdbDatabase db, InetAddress ip, boolean geo) {
    try {
      return geo ? db.geo(ip) : db.asn(ip);
    } catch (IOException | RuntimeException e) {
      Log.LOG.warn("MMDB {} lookup of {} failed, using embedded data: {}", db.file(), ip, e.toString());
      return OfflineFacts.UNKNOWN;
    }
  }

  @Override
  public void close() {
    if (geoDb != null) {
      geoDb.close();
    }
    if (asnDb != null) {
      asnDb.close();
    }
  }

  /** Created on first use: starting the logging back-end would cost every CLI run about 50 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(OfflineLookup.class);
  }
}
