package io.porthunter.detect;

import io.porthunter.capture.MacText;
import java.util.List;

/**
 * Scanners whose address two hosts of the segment sent as ({@link OpeningStations}): the failures
 * left from one link-layer station, while the address's other conversations, with too few failures
 * for any scan, left from another that forwards nothing and sends as no other address, the owner's.
 * The scan came from the first, forging the owner's address (netdiscover's ARP requests, hping3
 * -a); the reason names that station and the addresses it sent as besides.
 */
final class ForgedSourceFinder {
  /** Addresses of the forging station a reason names. */
  private static final int NAMED = 4;

  private final DetectionSettings settings;

  ForgedSourceFinder(DetectionSettings settings) {
    this.settings = settings;
  }

  /** Marks such scanners likely forged, with the reason; verdicts in {@code judged} are replaced in place. */
  void mark(List<Judged> judged, Stations stations) {
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      OpeningStations o = j.src().openedFrom();
      if (o == null || o.many() || o.count() < 2 || j.verdict().likelyForged()) { // a decoy: said already
        continue;
      }
      int prober = o.failed(0) >= o.failed(1) ? 0 : 1;
      int owner = 1 - prober;
      if (o.failed(prober) < settings.minFailedContacts() || o.failed(owner) >= settings.minFailedContacts()
          || o.succeeded(owner) == 0 || !stations.onlyHostOf(j.src(), o.station(owner))) {
        continue;
      }
      List<String> alsoAs = stations.otherAddresses(j.src(), o.station(prober), NAMED);
      String also = alsoAs.isEmpty() ? "" : " (which also sends as " + String.join(", ", alsoAs) + ")";
      String reason = "its " + o.failed(prober) + " failed conversations were opened from the link-layer address "
          + MacText.format(o.station(prober)) + also + ", its " + o.succeeded(owner) + " others from "
          + MacText.format(o.station(owner)) + ", which sends as no"
          + " other address: another host of the segment likely forged this one (or the address changed hands,"
          + " or one host sends it from two network cards)";
      judged.set(i, j.withVerdict(j.verdict().withReason(reason, true)));
    }
  }
}
