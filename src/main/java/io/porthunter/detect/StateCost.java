package io.porthunter.detect;

/**
 * What the memory bounds cost in one analysis ({@code state_capped} when any is non-zero but
 * {@link #findingsNotKept}, a cut of what is reported rather than of what the pass saw).
 *
 * @param flowsConcludedEarly         conversations judged before they ended, to make room
 * @param sourcesDropped              sources forgotten to make room: those with the fewest concluded
 *                                    contacts, fewer than {@link DetectionSettings#minFailedContacts}
 *                                    (a spoofed flood's, servers that only answer)
 * @param packetsFromUntrackedSources packets from sources seen while the table was full of busy ones
 * @param contactsNotKept             contacts counted but not kept in detail
 * @param scannersNotListed           scanners judged but ranked below the verdicts kept
 *                                    ({@link DetectionSettings#maxScanners})
 * @param findingsNotKept             hosts the listed scanners probed whose findings were not kept
 *                                    ({@link DetectionSettings#maxFindingsPerScanner}, {@link
 *                                    DetectionSettings#maxFindings}): their probes are counted, their
 *                                    ports are not listed. A cut of what is reported, like a port
 *                                    list's length limit, not of what the pass saw: not in
 *                                    {@link #capped()}
 * @param fragmentedDatagramsGivenUp  fragmented datagrams the decoder's reassembly bounds gave up
 *                                    ({@code CaptureSummary#fragmentedDatagramsGivenUp}): probes sent
 *                                    in fragments may be among them
 * @param dhcpExchangesNotKept        DHCP requests pushed out while an offer could still answer them
 *                                    (a flood of requests), and offers past the bound on runs kept (a
 *                                    capture of more new leases): a server's address checks they would
 *                                    have excused are judged
 * @param referredServersNotKept      mentions of name servers in DNS referrals past the bound on those
 *                                    kept (a worker's; a hostile capture's): a resolver's questions to
 *                                    them are judged
 */
public record StateCost(long flowsConcludedEarly, long sourcesDropped, long packetsFromUntrackedSources,
    long contactsNotKept, long scannersNotListed, long findingsNotKept, long fragmentedDatagramsGivenUp,
    long dhcpExchangesNotKept, long referredServersNotKept) {
  public boolean capped() {
    return flowsConcludedEarly + sourcesDropped + packetsFromUntrackedSources + contactsNotKept
        + scannersNotListed + fragmentedDatagramsGivenUp + dhcpExchangesNotKept + referredServersNotKept > 0;
  }
}
