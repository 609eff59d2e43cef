package io.porthunter.detect;

/** Running counts of what the memory bounds cost during one pass. */
final class StateBudget {
  long flowsConcludedEarly;
  long sourcesDropped;
  long packetsFromUntrackedSources;
  long contactsNotKept;

  void add(StateBudget o) {
    flowsConcludedEarly += o.flowsConcludedEarly;
    sourcesDropped += o.sourcesDropped;
    packetsFromUntrackedSources += o.packetsFromUntrackedSources;
    contactsNotKept += o.contactsNotKept;
  }

  /**
   * The pass's costs, with what judging it cost (scanners ranked out of the verdicts kept, hosts whose
   * findings the verdicts kept did not keep) and what decoding it cost (fragmented datagrams given up).
   */
  StateCost snapshot(long scannersNotListed, long findingsNotKept, long fragmentedDatagramsGivenUp) {
    return new StateCost(flowsConcludedEarly, sourcesDropped, packetsFromUntrackedSources, contactsNotKept,
        scannersNotListed, findingsNotKept, fragmentedDatagramsGivenUp);
  }
}
