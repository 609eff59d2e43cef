package io.porthunter.detect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoy scans (nmap -D): scanners probing the same targets in lockstep, all forged but one. */
final class DecoyFinder {
  /** Members a decoy scan's reason names before "and N more". */
  private static final int DECOY_NAMES = 8;

  private final DetectionSettings settings;

  DecoyFinder(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * Scanners that probed the same (host, port) targets at the same moments are one scan and its
   * decoys: nmap -D forges a copy of every probe from each decoy address. Each gets a reason naming
   * the others; when exactly one of them was answered, the others are marked likely forged (a made-up
   * address cannot be answered on the segment; the scanner's own can). A live decoy is answered too:
   * then the one named is the answered member whose ARP came from the station all the probes came
   * from ({@link #commonStation}), when exactly one did; failing that (beyond a router, every copy
   * answered), the one answered member whose stack reset the targets' SYN/ACKs, when exactly one
   * did. Verdicts in {@code judged} are replaced in place; true when there was such a group.
   */
  boolean mark(List<Judged> judged) {
    int n = judged.size();
    Integer[] order = new Integer[n];
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      group[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> judged.get(i).verdict().firstProbeNanos()));
    long skew = settings.decoyMaxSkewNanos();
    for (int a = 0; a < n; a++) {
      ScannerVerdict x = judged.get(order[a]).verdict();
      // bounded like the distributed rule: thousands of sources starting at once stay cheap
      for (int b = a + 1; b < n && b - a <= settings.distributedMaxSources(); b++) {
        ScannerVerdict y = judged.get(order[b]).verdict();
        if (y.firstProbeNanos() - x.firstProbeNanos() > skew) {
          break;
        }
        if (Math.abs(y.lastProbeNanos() - x.lastProbeNanos()) <= skew
            && inLockstep(judged.get(order[a]).src().contacts, judged.get(order[b]).src().contacts)) {
          group[root(group, order[b])] = root(group, order[a]);
        }
      }
    }
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(root(group, i), k -> new ArrayList<>()).add(i);
    }
    boolean found = false;
    for (List<Integer> members : groups.values()) {
      if (members.size() < 2) {
        continue;
      }
      found = true;
      List<Integer> answered = members.stream().filter(i -> judged.get(i).answered()).toList();
      // a live decoy is answered too: then the one whose ARP came from where all the probes came from
      long probesFrom = commonStation(judged, members);
      List<Integer> likelyReal = answered.size() == 1 || probesFrom < 0 ? answered
          : answered.stream().filter(i -> judged.get(i).src().arpStation() == probesFrom).toList();
      // beyond a router every copy is answered and no ARP tells: the one member whose stack reset the
      // targets' SYN/ACKs has a stack behind its address; made-up decoys do not (among those ARP
      // left, when it left several)
      boolean byResets = likelyReal.size() != 1 && answered.size() > 1;
      if (byResets) {
        likelyReal = (likelyReal.isEmpty() ? answered : likelyReal).stream()
            .filter(i -> resetGroupSynAcks(judged, members, i)).toList();
      }
      String real = likelyReal.size() == 1 ? judged.get(likelyReal.get(0)).verdict().ip() : null;
      for (int m : members) {
        Judged j = judged.get(m);
        List<String> others = members.stream().filter(i -> i != m).map(i -> judged.get(i).verdict().ip()).toList();
        // named up to a few: a crafted capture of thousands of lockstep sources must not make
        // thousands of reasons naming thousands of addresses each
        String named = others.size() <= DECOY_NAMES ? String.join(", ", others)
            : String.join(", ", others.subList(0, DECOY_NAMES)) + " and " + (others.size() - DECOY_NAMES) + " more";
        boolean forged = real != null && !real.equals(j.verdict().ip());
        String why = !forged ? ""
            : byResets ? "; of them only " + real + " reset the targets' SYN/ACKs, as a host's stack does"
            : answered.size() > 1 ? "; all their probes came from the link-layer address " + real + " answers ARP from"
            : "; its probes went unanswered while " + real + "'s were answered";
        String reason = "probes in lockstep with " + named + " (each target probed by all of them within "
            + settings.decoyMaxProbeGapNanos() / 1_000_000 + " ms): a decoy scan (nmap -D), whose addresses"
            + " are all forged but one" + (forged ? why + ": " + real + " is likely the real scanner" : "");
        judged.set(m, j.withVerdict(j.verdict().withReason(reason, forged)));
      }
    }
    return found;
  }

  /**
   * The link-layer station every member's packets came from (each member's first), or -1 when they
   * differ or one is unknown. nmap -D sends every copy from the scanner's own station, so on the
   * segment it is the station of the real scanner, whose ARP comes from it too; a live decoy answers
   * ARP from its own. A decoy whose own traffic came first has its own station: then nobody is named.
   */
  private static long commonStation(List<Judged> judged, List<Integer> members) {
    long station = judged.get(members.get(0)).src().station;
    for (int m : members) {
      if (judged.get(m).src().station != station) {
        return -1;
      }
    }
    return station;
  }

  /**
   * Whether {@code member} reset a SYN/ACK ({@link ContactTable#RESET_SYN_ACK}) of a target another
   * member of the group probed too: a reset of the scan's answers, not of its own traffic's.
   */
  private static boolean resetGroupSynAcks(List<Judged> judged, List<Integer> members, int member) {
    ContactTable c = judged.get(member).src().contacts;
    for (int r = 0; r < c.size(); r++) {
      if ((c.marks(r) & ContactTable.RESET_SYN_ACK) == 0) {
        continue;
      }
      for (int m : members) {
        ContactTable other = judged.get(m).src().contacts;
        if (m != member && other.contains(c.dstHi(r), c.dstLo(r), c.protocol(r), c.port(r))) {
          return true;
        }
      }
    }
    return false;
  }

  private static int root(int[] group, int i) {
    while (group[i] != i) {
      group[i] = group[group[i]];
      i = group[i];
    }
    return i;
  }

  /**
   * Whether two sources probed the same targets in lockstep: nearly all (host, protocol and port)
   * targets of either were contacted by both, each within {@code decoyMaxProbeGapNanos} of the
   * other. Independent scans of the same ports (two cron jobs, a botnet sweeping one port) order or
   * pace their probes apart; nmap -D sends every decoy's copy back to back.
   */
  private boolean inLockstep(ContactTable a, ContactTable b) {
    int shared = 0;
    int lockstep = 0;
    for (int r = 0; r < a.size(); r++) {
      int other = b.row(a.dstHi(r), a.dstLo(r), a.protoPort(r));
      if (other >= 0) {
        shared++;
        if (Math.abs(a.firstTs(r) - b.firstTs(other)) <= settings.decoyMaxProbeGapNanos()) {
          lockstep++;
        }
      }
    }
    int union = a.size() + b.size() - shared;
    return shared >= settings.minFailedContacts() && shared >= settings.decoyMinOverlap() * union
        && lockstep >= settings.decoyMinOverlap() * shared;
  }
}
