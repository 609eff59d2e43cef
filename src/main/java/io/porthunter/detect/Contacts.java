package io.porthunter.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * How each contact of one source counts, as {@link ScanJudge} decides it: which rows are judged, which
 * failed, which are probes.
 */
final class Contacts {
  /**
   * First size of the per-source scratch tables: every source with a contact is judged, most have a
   * handful, and 65,536 sources each starting at the tables' default size took 19 s of CPU to judge.
   */
  static final int SCRATCH_HOSTS = 16;
  private static final Excuse[] EXCUSES = Excuse.values();

  final ContactTable table;
  /** The rows judged, in time order. */
  int[] rows;
  final boolean[] failed;
  final boolean[] probe;
  /**
   * Probes the source went on to talk to (version detection): what they taught counts, but their
   * packets and times are mostly the conversation's, so rate and packet counts leave them out.
   */
  final boolean[] followedUp;
  /**
   * Probes of a target the source had used before probing it (a service, then scanned; a host pinged
   * round after round, then swept): what they taught counts, but their first times are the earlier
   * use's, so the first event and the probing span leave them out (unless every probe is such).
   */
  final boolean[] usedFirst;
  /**
   * Probes of a firewalk ({@link Excuses#markFirewalking}): failures and probes whatever a router said
   * of them, their ports filtered where nothing else was learned.
   */
  final boolean[] firewalked;
  int failures;
  /** What excused each excused row ({@link Excuse} ordinal + 1), made at the first excuse: most have none. */
  private byte[] excusedAs;
  /** Probes whose handshake completed and whose banner the source took without a word: connects. */
  int bannersTaken;

  Contacts(ContactTable table) {
    this.table = table;
    this.rows = table.rowsByTime();
    this.failed = new boolean[table.size()];
    this.probe = new boolean[table.size()];
    this.followedUp = new boolean[table.size()];
    this.usedFirst = new boolean[table.size()];
    this.firewalked = new boolean[table.size()];
  }

  /** Excuses row {@code r}, named {@code why} unless an earlier excuse named it. */
  void excuse(boolean[] excused, int r, Excuse why) {
    excused[r] = true;
    if (excusedAs == null) {
      excusedAs = new byte[table.size()];
    }
    if (excusedAs[r] == 0) {
      excusedAs[r] = (byte) (why.ordinal() + 1);
    }
  }

  /** Takes back row {@code r}'s excuse and its name: judged like any from here on. */
  void unexcuse(boolean[] excused, int r) {
    excused[r] = false;
    if (excusedAs != null) {
      excusedAs[r] = 0;
    }
  }

  /** What excused row {@code r}, null when none named it. */
  Excuse excuse(int r) {
    return excusedAs == null || excusedAs[r] == 0 ? null : EXCUSES[excusedAs[r] - 1];
  }

  /** Judges the source without the rows {@code out} accepts: they are not its contacts. */
  void leaveOut(IntPredicate out) {
    rows = Arrays.stream(rows).filter(out.negate()).toArray();
  }

  /**
   * Judges again the ARP requests and neighbour solicitations {@code back} accepts among those left
   * out; the rows stay in time order.
   */
  void rejoinResolutions(IntPredicate back) {
    boolean[] judged = new boolean[table.size()];
    for (int r : rows) {
      judged[r] = true;
    }
    rows = Arrays.stream(table.rowsByTime())
        .filter(r -> judged[r] || (PortList.isResolution(table.protocol(r)) && back.test(r))).toArray();
  }

  /** Failed and all contacts per key (rows keyed negative are left out). */
  Map<Integer, int[]> tally(IntUnaryOperator key) {
    Map<Integer, int[]> out = new HashMap<>();
    for (int r : rows) {
      int kk = key.applyAsInt(r);
      if (kk >= 0) {
        count(out.computeIfAbsent(kk, x -> new int[2]), failed[r]);
      }
    }
    return out;
  }

  static void count(int[] failedOfAll, boolean failed) {
    failedOfAll[1]++;
    if (failed) {
      failedOfAll[0]++;
    }
  }

  /** Probe packets of a followed-up probe: its first packet; the rest were the conversation that followed. */
  int probePackets(int r) {
    return followedUp[r] ? 1 : table.packets(r);
  }
}
