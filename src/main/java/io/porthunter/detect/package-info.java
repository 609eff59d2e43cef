/**
 * Scan detection, in three layers that know nothing of MCP ({@link
 * io.porthunter.detect.CaptureAnalyzer} is the one class that opens a capture, through {@code capture}):
 *
 * <ol>
 *   <li><b>State</b> — {@link io.porthunter.detect.ConversationTracker} follows every conversation
 *       (TCP connection, SCTP association, UDP exchange, ICMP query, ARP request, neighbour
 *       solicitation) in one pass and, as each concludes, records a <em>first contact</em> of its
 *       initiator: the target (host, protocol, port), the technique of the opening segment, the
 *       outcome (conversation, half-open, refused, unanswered, ...) and what the answer revealed
 *       (open, closed, filtered, unfiltered). Bounded tables, no object per packet.</li>
 *   <li><b>Policy</b> — {@code ScanJudge} applies the named thresholds of
 *       {@link io.porthunter.detect.DetectionSettings}: the Threshold Random Walk over each source's
 *       contacts in time order, the ping-sweep (ICMP, ARP or neighbour discovery; fast or slow),
 *       breadth, focus and OS detection rules, technique and pattern naming, the tool fingerprint, the
 *       rotating-source rule (many thin addresses of one host judged as one), and the
 *       distributed-scan, decoy, idle-scan and forged-source rules across scanners. What is not a
 *       failure is decided first: a traceroute's silent hops, a client's fallback from UDP to TCP, a
 *       handshake whose answer the capture lacks (unless the host answered elsewhere), a service the
 *       source keeps using, ARP that found the next hop of IP traffic (a router's, a client's), an
 *       ident lookup back to a client, a peer-to-peer client's peers that went away, a client's failover from
 *       dead servers to a live one or its retry of what was refused, a DHCP server's check that an
 *       address is free before it offers it (only offers answering a client's request count), a
 *       resolver asking the name servers a referral answering it named, a mail client guessing its
 *       servers' ports (on both addresses of a dual-stack name), a host finding how many hops away
 *       others are; a
 *       host's reverse lookups of the addresses it talks to and a resolver's priming queries of the
 *       root servers are not even contacts.
 *       {@code ScanJudge} holds the per-source judgement and the verdict; each rule it applies is a
 *       class of its own: {@code Excuses} (what is not a failure), {@code SweepRules}, {@code
 *       FocusRule}, {@code ProbedHosts} (findings per host), {@code RotatingSources} (addresses
 *       judged together), {@code DecoyFinder}, {@code IdleScanFinder}, {@code ForgedSourceFinder},
 *       {@code ScannerStations} (each scanner's link-layer station; sweepers asking from 0.0.0.0
 *       named by it) and {@code DistributedScanFinder} (across scanners).</li>
 *   <li><b>Result</b> — an immutable {@link io.porthunter.detect.ScanAnalysis} that every view reads.</li>
 * </ol>
 *
 * <p>A client that completes a handshake and sends data is having a conversation: it counts as a
 * success however many connections it opens, so many connections to one service never make a
 * scanner. A SYN answered by SYN-ACK that the initiator then abandons is what scanners do.
 *
 * <p>A conversation lingers after it is over (both FINs or a reset; for a client's one-shot query,
 * its answer) only long enough to absorb stragglers; any other waits out the idle timeout, since an
 * answer may still come or the conversation may resume. On several cores {@link
 * io.porthunter.detect.CaptureAnalyzer} splits conversations between trackers by a symmetric hash of
 * their key, all fed by one decoding thread; their per-source states merge into what one tracker
 * would have built.
 */
package io.porthunter.detect;
