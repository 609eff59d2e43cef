package io.porthunter.detect;

import io.porthunter.capture.MacText;
import java.util.List;

/**
 * Names each scanner's link-layer station ({@link ScannerVerdict.Station}): the address its first
 * packets came from and the other addresses that station sent as, which trace a scanner on the
 * capture's segment to its machine (a made-up sender address, netdiscover's; a link-local and a
 * global address of one host; two sweepers from 0.0.0.0). Scanners that asked from no address of
 * their own, ARP probes from 0.0.0.0 (RFC 5227: a host sends them for the one address it is about to
 * take, a sweep for every address of a range, arp-scan --arpspa=0.0.0.0), are kept under their station
 * ({@link Addresses#UNNAMED_STATION_HI}) and reported as 0.0.0.0, so a reason names the station too.
 */
final class ScannerStations {
  /** Addresses of the station a reason names. */
  private static final int NAMED = 4;

  private ScannerStations() {}

  /** Names the stations of the verdicts in {@code judged}, which are replaced in place. */
  static void name(List<Judged> judged, Stations stations) {
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      SourceState src = j.src();
      boolean unnamed = Addresses.isUnnamedStation(src.hi, src.lo);
      long station = unnamed ? src.lo : src.station;
      if (station <= 0) {
        continue; // no link layer, or a loopback's all-zero addresses: no station
      }
      String mac = MacText.format(station);
      ScannerVerdict v = j.verdict().withStation(new ScannerVerdict.Station(mac,
          stations.addressesOf(station, src, ScannerVerdict.Station.ADDRESSES_LISTED),
          stations.forwardsOthers(station)));
      if (unnamed) {
        List<String> sendsAs = stations.otherAddresses(src, station, NAMED);
        v = v.withReason("asked from 0.0.0.0, no address of its own (ARP probes, RFC 5227), by the link-layer address "
            + mac + (sendsAs.isEmpty() ? ", which sends as no IPv4 address in the capture"
                : ", which also sends as " + String.join(", ", sendsAs)), v.likelyForged());
      }
      judged.set(i, j.withVerdict(v));
    }
  }
}
