package io.porthunter.detect;

/** Running counts of what the memory bounds cost during one pass. */
final class StateBudget {
  long flowsConcludedEarly;
  long sourcesDropped;
  long packetsFromUntrackedSources;
  long contactsNotKept;
  /**
   * DHCP requests pushed out of {@link DhcpRequests} while an offer could still answer them, and
   * offers past the bound on runs of offers kept: the address checks they would have excused stay judged.
   */
  long dhcpExchangesNotKept;
  /** Mentions of name servers in DNS referrals past the bound kept: a resolver's questions to them are judged. */
  long referredServersNotKept;

  void add(StateBudget o) {
    flowsConcludedEarly += o.flowsConcludedEarly;
    sourcesDropped += o.sourcesDropped;
    packetsFromUntrackedSources += o.packetsFromUntrackedSources;
    contactsNotKept += o.contactsNotKept;
    dhcpExchangesNotKept += o.dhcpExchangesNotKept;
    referredServersNotKept += o.referredServersNotKept;
  }

  /**
   * The pass's costs, with what judging it cost (scanners ranked out of the verdicts kept, hosts whose
   * findings the verdicts kept did not keep) and what decoding it cost (fragmented datagrams given up).
   */
  StateCost snapshot(long scannersNotListed, long findingsNotKept, long fragmentedDatagramsGivenUp) {
    return new StateCost(flowsConcludedEarly, sourcesDropped, packetsFromUntrackedSources, contactsNotKept,
        scannersNotListed, findingsNotKept, fragmentedDatagramsGivenUp, dhcpExchangesNotKept,
        referredServersNotKept);
  }
}
