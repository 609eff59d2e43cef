package io.porthunter.detect;

import io.porthunter.capture.MacText;
import java.util.List;

/**
 * Scanners that asked from no address of their own: ARP probes from 0.0.0.0 (RFC 5227), which a host
 * sends for the one address it is about to take, and a sweep for every address of a range (arp-scan
 * --arpspa=0.0.0.0). Kept under their station ({@link Addresses#UNNAMED_STATION_HI}) and reported as
 * 0.0.0.0, so the reason names the station, and the IPv4 addresses it sent as besides.
 */
final class UnnamedStations {
  /** Addresses of the station a reason names. */
  private static final int NAMED = 4;

  private UnnamedStations() {}

  /** Adds the reason to such scanners' verdicts; verdicts in {@code judged} are replaced in place. */
  static void name(List<Judged> judged, Stations stations) {
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      SourceState src = j.src();
      if (!Addresses.isUnnamedStation(src.hi, src.lo)) {
        continue;
      }
      List<String> sendsAs = stations.otherAddresses(src, src.lo, NAMED);
      String reason = "asked from 0.0.0.0, no address of its own (ARP probes, RFC 5227), by the link-layer address "
          + MacText.format(src.lo) + (sendsAs.isEmpty() ? ", which sends as no IPv4 address in the capture"
              : ", which also sends as " + String.join(", ", sendsAs));
      judged.set(i, j.withVerdict(j.verdict().withReason(reason, j.verdict().likelyForged())));
    }
  }
}
