package io.porthunter.detect;

/**
 * Every threshold of the detector's policy, named and documented in one place (the README's
 * "Thresholds" table mirrors this). The tracker's bookkeeping (how long a closed conversation or a
 * one-shot exchange lingers before it is concluded, how often tables are swept) stays with the
 * tracker: it decides when state is let go, not what counts as a probe. A source is judged by its
 * <em>contacts</em>: distinct (host, protocol, port) targets it opened something with, each ending in
 * success (a real conversation) or failure.
 *
 * @param trwTheta0            P(contact succeeds | benign source) — Jung et al.'s θ0
 * @param trwTheta1            P(contact succeeds | scanner) — θ1
 * @param trwAlpha             false-positive bound α of the sequential test
 * @param trwBeta              detection probability β of the sequential test
 * @param minFailedContacts    a scanner has at least this many failed contacts, whatever the test says;
 *                             also the least evidence the other rules act on: the failures the breadth
 *                             rule needs, the failed hosts on one service that make answered ones probes,
 *                             the ports each scanner of a distributed scan probed on the target, the
 *                             targets two decoys share, the probes that list a technique (with {@code
 *                             techniqueMinShare}), the failed hosts and services below which a
 *                             client's failures are a failover to another server, the talking peers a
 *                             peer-to-peer client needs, and the contacts below which a full source
 *                             table forgets a source
 * @param minFailureShare      ... and at least this share of its contacts failed: the walk restarts
 *                             after benign verdicts, so a long-lived busy client with a steady trickle
 *                             of failures would otherwise cross η1 by chance sooner or later
 * @param pingSweepMinHosts    ICMP queries (echo, timestamp, address mask), ARP requests or neighbour
 *                             solicitations to this many hosts ... (also how many hosts make such
 *                             probes a technique of a source's when they are not a sweep)
 * @param pingSweepWindowNanos ... within this much time are a sweep (monitoring pings spread out)
 * @param groupSweepMinHosts  an ICMP query to a broadcast or multicast group (255.255.255.255, ff02::1)
 *                             answered by this many hosts is a ping sweep of them: one packet asks every
 *                             host of the segment, which no client or monitor does
 * @param slowSweepMinHosts    ICMP queries to this many hosts at any pace, at least
 *                             {@code minFailedContacts} of them unanswered, are a slow sweep (nmap
 *                             {@code -T1} waits 15 s between probes, {@code -T0} five minutes); a host
 *                             that answered counts only when asked within one {@code
 *                             pingSweepWindowNanos}, as a monitor asks its live hosts again each round
 * @param breadthMinTargets    breadth rule: this many distinct targets probed ...
 * @param breadthMinFailureShare ... with at least this share failed is a scan even when open ports
 *                             answered often enough to keep the sequential test undecided (UDP scans)
 * @param recurringMinConversations a target the source had this many separate accepted conversations
 *                             with (answered, or a completed handshake) is a service it uses again and
 *                             again (health checks, monitoring), not a probe: its empty connects never
 *                             fail
 * @param focusMinFailedTargets focus rule: this many failed ports on one host, or failed hosts on one
 *                             (protocol, port) ...
 * @param focusMinFailureShare ... making up at least this share of the source's contacts with that
 *                             host, or on that port, is a scan even when the source's other traffic
 *                             succeeds (a workstation that scans while it keeps browsing)
 * @param retriedMinRounds     a target tried in this many separate conversations ...
 * @param retriedSpanNanos     ... or in one going on this long was retried round after round (a
 *                             monitor), not probed: a sweep run again is two or three rounds, and a
 *                             connect()'s own SYN retries end within about two minutes (Linux: 7 SYNs
 *                             over 127 s); dead targets so retried beside live ones on the same
 *                             host or port are a monitor's, excused from every rule
 * @param monitorMaxDeadPerLive dead targets retried round after round, beside live ones the source keeps
 *                             using on the same host or port, are a monitor's while they are at most this
 *                             many per live one (a load balancer with three of four backends down); a
 *                             scan run in a loop leaves far more dead ports than the open ones it reaches;
 *                             also the silent hosts asked over more than one sweep window, per target the
 *                             source reached, that the sweep rules leave out ({@link SweepRules})
 * @param resolutionConnectMaxNanos a host the source first reached over IP within this long after its
 *                             first ARP or neighbour question for it was resolved for a connection: a
 *                             stack sends the packet it held the moment the answer comes, where a
 *                             scanner's discovery contacts its hosts once the whole phase is over. A
 *                             source whose answered questions mostly were so is a client, and its
 *                             silent ones, at most {@code maxDeadNeighbours} and no more than the
 *                             targets it reached over IP, are dead hosts it tried (an SSH fan-out with
 *                             some of its inventory off)
 * @param maxDeadNeighbours   ... at most this many, and so many at most of a monitor's dead neighbours
 *                             asked round after round: a worm sweeping a range by connect() resolves
 *                             each live host for its connection too, and its dead ones number in the
 *                             tens or hundreds
 * @param waitingMaxTargets  failed targets, at most, of a source whose every failure was a connect() or a
 *                             UDP query it retried round after round ({@code retriedMinRounds}) the same
 *                             way: a service waiting for the databases, brokers or cluster nodes it
 *                             depends on, or a client whose servers are all out of reach ({@link
 *                             Excuses#awaited}), not a scanner
 * @param emptyConnectMinPorts distinct ports of one host the source connected to and closed before a byte
 *                             was sent (reset, as nmap -sT's SO_LINGER 0, or with FIN, as pnscan and nc
 *                             -z), each in fewer than {@code recurringMinConversations} conversations,
 *                             that make those connects a scan's even where nothing refused or ignored it
 *                             (a host listening on every port tried); a client or monitor closes so on
 *                             a few services, not on this many
 * @param tracerouteMaxTtl     a probe sent with at most this TTL may be a traceroute's (traceroute's
 *                             and mtr's default most hops) ...
 * @param tracerouteMaxHops    ... and at most this many silent ones per host the source traced are
 *                             hops past the last router that answers, not failures (30 hops of 3
 *                             probes), so one traced probe cannot excuse a scan
 * @param tracerouteMinRun     probes in a row to one host with ports rising one by one (traceroute's
 *                             UDP ports) that make a traceroute's run; also one hop's probes: a longer
 *                             run must change its TTL (unless it arrives as 1), as a traceroute does
 * @param iceMaxFailedChecks   failed ICE connectivity checks (STUN) excused per peer that answered one
 *                             (and for a source none answered): the candidates a call's peer offers,
 *                             not a UDP scan wearing STUN payloads
 * @param oneWayMaxHosts       hosts of one one-way UDP service (syslog, traps, flow export) whose
 *                             silence a source is excused, at most: its collectors, not a sweep of the
 *                             port
 * @param fallbackMaxDelayNanos a failed connect or unanswered query whose last try is followed this
 *                             soon by a conversation or answer on the same service from the
 *                             station's address of the other family is Happy Eyeballs'
 *                             fallback (RFC 8305 recommends 250 ms; clients wait up to 2 s); a
 *                             refused connect tried again this soon, on a service other hosts served
 *                             the source on, is a client's retry ({@link Excuses#retriedRefusals})
 * @param verticalMaxHosts     a scan of at most this many hosts is vertical
 * @param horizontalMaxPorts   a scan of more hosts over at most this many ports is horizontal (else block)
 * @param discoveryMaxTcpPorts at most this many half-open contacts beside more connects leave a scan of
 *                             the stack's own SYNs a connect scan (nmap's raw discovery SYNs to 443)
 * @param techniqueMinShare    a technique is listed when this share of the source's probed targets saw
 *                             it, or {@code minFailedContacts} of them when that is fewer (at least one)
 * @param failoverMaxServicesPerHost a failure on a service another host served the source on, on a
 *                             host that failed on at most this many services (and the service on fewer
 *                             than {@code minFailedContacts} hosts), is a client failing over from a
 *                             dead server (a domain member's controllers, a resolver list)
 * @param peerMaxPortsPerHost  contacts on ports of 1024 or above, on services that failed on fewer than
 *                             {@code minFailedContacts} hosts, to hosts met on at most this many such
 *                             ports ...
 * @param peerMinDistinctPortShare ... over distinct ports numbering at least this share of their hosts
 *                             (each peer on the port it chose, not a service swept across hosts) ...
 * @param peerMinConversationShare ... of whose hosts at least this share (and {@code
 *                             minFailedContacts}) served the source, are a peer-to-peer client's
 *                             (BitTorrent, a DHT): their failures are peers that went away, not probes
 * @param distributedMinSources a target probed by this many scanners with disjoint port sets is a
 *                              distributed scan
 * @param distributedMaxOverlap port-set overlap (Jaccard) below which scanners "split" a target
 * @param distributedMaxSources scanners of one target compared pairwise, those with the most ports
 *                              on it first: the comparison is quadratic, and a capture crafted with
 *                              thousands of scanners on one host would otherwise take minutes; also
 *                              how many scanners, in order of their first probe, each is compared with
 *                              by the decoy rule
 * @param decoyMinOverlap      share of two scanners' (host, port) targets they both probed, and of
 *                             those probed in lockstep, from which they are one scan and its decoys
 * @param decoyMaxSkewNanos    how far apart two scanners' first probes, and their last, may be to be
 *                             compared at all
 * @param decoyMaxProbeGapNanos in lockstep: both probed the target within this of each other (nmap -D
 *                             sends each decoy's copy of a probe back to back, microseconds apart)
 * @param idleMinIdProbes      a scanner's host to which another source sent at least this many
 *                             unsolicited SYN/ACKs (answered by resets, whose IP ID they read), from
 *                             before its first probe to after its last, on the port its probes came
 *                             from, is the zombie of an idle scan (nmap -sI), and that source the likely
 *                             scanner: the probes only carry the zombie's address
 * @param rotatingMinSources   addresses one station sent from (one family; an IPv4 /24, an IPv6 /64),
 *                             none a scanner, excused or served alone, each with at most {@code
 *                             rotatingMaxContacts} contacts, all with one TTL a stack starts from, from
 *                             which they are judged together as one source: a scanner changing its
 *                             source address probe by probe ({@link RotatingSources})
 * @param rotatingMaxContacts  contacts of such an address at most (a rotating scanner uses each for
 *                             one probe or a few)
 * @param rotatingMinDistinctShare ... and the distinct targets of such addresses together, as a share of
 *                             their contacts one by one, at least (a scan probes each target once;
 *                             clients share their servers)
 * @param toolMinProbes        probes a tool's fingerprint needs before it names the tool ...
 * @param toolMinShare         ... and the share of them that must carry the tool's hard-coded values
 * @param nmapOsMinProbeKinds  kinds of nmap's OS-detection probes (of ten) that name nmap whatever its
 *                             other probes, and make the source a scanner however few ports it tried
 *                             (one round of OS detection sends all ten)
 * @param followUpMaxLeadNanos a conversation with a port the source probed first counts as its version
 *                             detection only if that probe came at most this long before the source's
 *                             first failure on the host (within the scan, not a refusal long before)
 * @param flowIdleTimeoutNanos a conversation silent this long is concluded (what it showed so far counts)
 * @param maxFlows             conversations tracked at once; beyond it the idlest are concluded early
 *                             (about 150 bytes each: the default fits a 256 MB heap with room)
 * @param maxSources           sources tracked at once; beyond it the sources with the fewest concluded
 *                             contacts are dropped, at most one first, then two, and so on below
 *                             {@code minFailedContacts} (about 1 KB each while they are busy)
 * @param maxContactsPerSource distinct contacts kept in detail per source (counts go on beyond it)
 * @param maxContacts          distinct contacts kept in detail over all sources (about 80 bytes each,
 *                             twice that while their arrays grow); past it, new contacts are counted,
 *                             not kept, as past {@code maxContactsPerSource}, except that each source
 *                             keeps its first {@code minFailedContacts} (enough to be judged) and its
 *                             first {@code focusMinFailedTargets} failures (enough for the focus rule):
 *                             a few sources scanning every port of many hosts would otherwise fill the
 *                             heap
 * @param maxScanners          scanner verdicts kept, the highest-ranked first; the rest are counted,
 *                             so that a capture with tens of thousands of (spoofed) scanning sources
 *                             stays within a 256 MB heap
 * @param maxFindingsPerScanner hosts whose findings (what the scanner learned about each) one verdict
 *                             keeps in detail: half those with the most open ports (then those that
 *                             answered), half those it sent the most probes; the verdict's counts cover
 *                             every host
 * @param maxFindings          host findings kept over all verdicts (a few hundred bytes each), given
 *                             out in rank order, each verdict keeping at least
 *                             {@code minFindingsPerScanner}: a horizontal scan of 150,000 hosts, or
 *                             thousands of scanners, would otherwise not fit a 256 MB heap
 * @param minFindingsPerScanner host findings a verdict keeps even when {@code maxFindings} is spent
 */
public record DetectionSettings(
    double trwTheta0,
    double trwTheta1,
    double trwAlpha,
    double trwBeta,
    int minFailedContacts,
    double minFailureShare,
    int pingSweepMinHosts,
    long pingSweepWindowNanos,
    int groupSweepMinHosts,
    int slowSweepMinHosts,
    int breadthMinTargets,
    double breadthMinFailureShare,
    int recurringMinConversations,
    int focusMinFailedTargets,
    double focusMinFailureShare,
    int retriedMinRounds,
    long retriedSpanNanos,
    int monitorMaxDeadPerLive,
    long resolutionConnectMaxNanos,
    int maxDeadNeighbours,
    int waitingMaxTargets,
    int emptyConnectMinPorts,
    int tracerouteMaxTtl,
    int tracerouteMaxHops,
    int tracerouteMinRun,
    int iceMaxFailedChecks,
    int oneWayMaxHosts,
    long fallbackMaxDelayNanos,
    int verticalMaxHosts,
    int horizontalMaxPorts,
    int discoveryMaxTcpPorts,
    double techniqueMinShare,
    int failoverMaxServicesPerHost,
    int peerMaxPortsPerHost,
    double peerMinDistinctPortShare,
    double peerMinConversationShare,
    int distributedMinSources,
    double distributedMaxOverlap,
    int distributedMaxSources,
    double decoyMinOverlap,
    long decoyMaxSkewNanos,
    long decoyMaxProbeGapNanos,
    int idleMinIdProbes,
    int rotatingMinSources,
    int rotatingMaxContacts,
    double rotatingMinDistinctShare,
    int toolMinProbes,
    double toolMinShare,
    int nmapOsMinProbeKinds,
    long followUpMaxLeadNanos,
    long flowIdleTimeoutNanos,
    int maxFlows,
    int maxSources,
    int maxContactsPerSource,
    int maxContacts,
    int maxScanners,
    int maxFindingsPerScanner,
    int maxFindings,
    int minFindingsPerScanner) {

  public static final DetectionSettings DEFAULTS =
      new DetectionSettings(
          0.8, 0.2, 0.01, 0.99,
          5,
          0.5,
          8,
          10_000_000_000L,
          3,
          32,
          10,
          0.5,
          3,
          10,
          0.5,
          5,
          300_000_000_000L,
          3,
          100_000_000L,
          16,
          16,
          10,
          30,
          90,
          3,
          16,
          8,
          2_000_000_000L,
          1,
          5,
          2,
          0.1,
          3,
          2,
          0.5,
          0.1,
          2,
          0.2,
          64,
          0.9,
          1_000_000_000L,
          5_000_000L,
          4,
          16,
          4,
          0.8,
          5,
          0.8,
          5,
          1_000_000_000L,
          120_000_000_000L,
          1 << 18,
          1 << 16,
          1 << 18,
          1 << 19,
          4096,
          1024,
          1 << 16,
          8);

  /**
   * A target the source came back to again and again, {@code conversations} times: a service it uses,
   * not something it probed ({@code recurringMinConversations}).
   */
  boolean recurring(int conversations) {
    return conversations >= recurringMinConversations;
  }

  /** The bounds one of {@code workers} parallel partitions gets, so together they keep the same. */
  public DetectionSettings perWorker(int workers) {
    return withBounds(Math.max(1, maxFlows / workers), Math.max(1, maxSources / workers), maxContactsPerSource,
        Math.max(1, maxContacts / workers));
  }

  /** The same policy with other bounds on the pass's memory. */
  public DetectionSettings withBounds(int flows, int sources, int contactsPerSource, int contacts) {
    return bounded(flows, sources, contactsPerSource, contacts, distributedMaxSources, maxScanners,
        maxFindingsPerScanner, maxFindings, minFindingsPerScanner);
  }

  /** The same policy with other bounds on judging. */
  public DetectionSettings withJudgeBounds(int distributedSources, int scanners, int findingsPerScanner,
      int findings, int minFindings) {
    return bounded(maxFlows, maxSources, maxContactsPerSource, maxContacts, distributedSources, scanners,
        findingsPerScanner, findings, minFindings);
  }

  private DetectionSettings bounded(int flows, int sources, int contactsPerSource, int contacts,
      int distributedSources, int scanners, int findingsPerScanner, int findings, int minFindings) {
    return new DetectionSettings(trwTheta0, trwTheta1, trwAlpha, trwBeta, minFailedContacts, minFailureShare,
        pingSweepMinHosts, pingSweepWindowNanos, groupSweepMinHosts, slowSweepMinHosts, breadthMinTargets, breadthMinFailureShare,
        recurringMinConversations, focusMinFailedTargets, focusMinFailureShare, retriedMinRounds, retriedSpanNanos,
        monitorMaxDeadPerLive, resolutionConnectMaxNanos, maxDeadNeighbours, waitingMaxTargets, emptyConnectMinPorts, tracerouteMaxTtl, tracerouteMaxHops, tracerouteMinRun, iceMaxFailedChecks,
        oneWayMaxHosts, fallbackMaxDelayNanos, verticalMaxHosts,
        horizontalMaxPorts, discoveryMaxTcpPorts, techniqueMinShare, failoverMaxServicesPerHost, peerMaxPortsPerHost,
        peerMinDistinctPortShare,
        peerMinConversationShare, distributedMinSources, distributedMaxOverlap,
        distributedSources, decoyMinOverlap, decoyMaxSkewNanos, decoyMaxProbeGapNanos, idleMinIdProbes,
        rotatingMinSources, rotatingMaxContacts, rotatingMinDistinctShare, toolMinProbes, toolMinShare, nmapOsMinProbeKinds, followUpMaxLeadNanos,
        flowIdleTimeoutNanos, flows, sources, contactsPerSource, contacts, scanners, findingsPerScanner, findings,
        minFindings);
  }
}
