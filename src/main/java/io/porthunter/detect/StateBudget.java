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

  StateCost snapshot() {
    return new StateCost(flowsConcludedEarly, sourcesDropped, packetsFromUntrackedSources, contactsNotKept);
  }
}
