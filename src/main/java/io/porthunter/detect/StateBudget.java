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

  /** The pass's costs, with what judging it cost: scanners ranked out of the verdicts kept. */
  StateCost snapshot(long scannersNotListed) {
    return new StateCost(flowsConcludedEarly, sourcesDropped, packetsFromUntrackedSources, contactsNotKept,
        scannersNotListed);
  }
}
