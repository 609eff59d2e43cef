package io.porthunter.detect;
import static io.porthunter.capture.IpProtocol.TCP;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Idle scans (nmap -sI), found among the judged scanners: the zombie whose address the probes carried,
 * and the source that read the zombie's IP ID, which is the scanner.
 */
final class IdleScanFinder {
  /**
   * Most source ports a zombie's TCP probes may come from: the forged probes share the port the reads
   * go to, and a host sending from more is making connections of its own, not lending its address.
   */
  private static final int ZOMBIE_MAX_PROBE_PORTS = 2;

  private final DetectionSettings settings;

  IdleScanFinder(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * Marks scanners that are the zombie of an idle scan (nmap -sI): the scanner forges SYNs from the zombie's
   * address and port and learns each port's state from the zombie's IP ID, which it reads by sending the
   * zombie unsolicited SYN/ACKs to that port (the zombie resets them) before the first probe, between probes
   * and after the last. A scanner's host that another source sent {@code idleMinIdProbes} such SYN/ACKs, from
   * before its first probe to after its last, on the one port (of at most two) its TCP probes came from, gets
   * a reason naming that source and is marked likely forged. (A host pinged with SYN/ACKs during its own
   * scan, or answering SYNs forged from its address, is read neither before nor after.) That source is the
   * scanner: it gets a verdict of its own, technique {@link Technique#IDLE}, listed just before its zombie's,
   * with the zombie's probes, targets and findings (what it learned through the zombie), its own packets,
   * activity and first probe (its first SYN/ACK to the zombie), within {@code maxScanners} (beyond it,
   * counted as not listed); a source with a verdict already (it scanned directly too, or read another zombie)
   * gets the technique and the reason instead. Verdicts in {@code judged} are replaced, and those of new
   * scanners inserted, in place.
   */
  IdleScans mark(List<Judged> judged, List<SourceState> sources) {
    AddressMap<Integer> scanners = new AddressMap<>(judged.size() * 2);
    for (int i = 0; i < judged.size(); i++) {
      scanners.add(judged.get(i).src().hi, judged.get(i).src().lo, i);
    }
    // per zombie, the source that sent it the most
    AddressMap<IdReader> readers = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (SourceState s : sources) {
      ContactTable c = s.contacts;
      for (int r = 0; r < c.size(); r++) {
        if (c.protocol(r) != TCP || (c.firstFlags(r) & TcpFlags.CLASSIC) != (TcpFlags.SYN | TcpFlags.ACK)
            || c.attempts(r) < settings.idleMinIdProbes() || scanners.get(c.dstHi(r), c.dstLo(r)) == null) {
          continue;
        }
        IdReader best = readers.get(c.dstHi(r), c.dstLo(r));
        if (best == null) {
          readers.add(c.dstHi(r), c.dstLo(r), new IdReader(s, r));
        } else if (c.attempts(r) > best.synAcks()) {
          best.src = s;
          best.row = r;
        }
      }
    }
    Map<SourceState, Integer> zombieOf = new IdentityHashMap<>(); // each new verdict's first zombie's place
    Map<SourceState, Judged> idleScanners = new IdentityHashMap<>();
    int room = settings.maxScanners() - judged.size();
    boolean found = false;
    int notListed = 0;
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      IdReader p = readers.get(j.src().hi, j.src().lo);
      ScannerVerdict v = j.verdict();
      if (p == null || !p.readsAround(j)) {
        continue;
      }
      found = true;
      String reader = IpText.format(p.src.hi, p.src.lo);
      judged.set(i, j.withVerdict(v.withReason(String.format(Locale.ROOT,
          "idle scan: %s sent this host %d unsolicited SYN/ACKs before, during and after its probes, reading "
              + "its IP ID; this host is likely the zombie and %s the scanner (nmap -sI)", reader, p.synAcks(),
          reader), true)));
      String drove = String.format(Locale.ROOT,
          "idle scan: sent %s %d unsolicited SYN/ACKs, reading its IP ID, while SYNs forged from %s's address "
              + "probed %s on %s: %s is likely the zombie and this host the scanner (nmap -sI)",
          v.ip(), p.synAcks(), v.ip(), Words.counted(v.distinctPorts(), "port"),
          Words.counted(v.distinctHosts(), "host"), v.ip());
      Integer own = scanners.get(p.src.hi, p.src.lo);
      Judged idle = idleScanners.get(p.src);
      if (own != null) {
        Judged k = judged.get(own);
        judged.set(own, k.withVerdict(k.verdict().withIdleScan(drove, v.ip(), p.port())));
      } else if (idle != null) {
        idleScanners.put(p.src, idle.withVerdict(idle.verdict().withIdleScan(drove, v.ip(), p.port())));
      } else if (room > 0) {
        room--;
        idleScanners.put(p.src, idleScanner(judged.get(i), p, drove));
        zombieOf.put(p.src, i);
      } else {
        notListed++;
      }
    }
    List<SourceState> byPlace = new ArrayList<>(zombieOf.keySet());
    byPlace.sort(Comparator.comparingInt(zombieOf::get).reversed()); // from the end, so places hold
    for (SourceState reader : byPlace) {
      judged.add(zombieOf.get(reader), idleScanners.get(reader));
    }
    return new IdleScans(found, notListed);
  }

  /** Whether there was an idle scan, and the verdicts of its scanners that {@code maxScanners} left out. */
  record IdleScans(boolean found, int notListed) {}

  /** Who read a zombie's IP ID: the source, and the row of its contacts holding its SYN/ACKs to the zombie. */
  private static final class IdReader {
    SourceState src;
    int row;

    IdReader(SourceState src, int row) {
      this.src = src;
      this.row = row;
    }

    int synAcks() {
      return src.contacts.attempts(row);
    }

    long firstTs() {
      return src.contacts.firstTs(row);
    }

    long lastTs() {
      return src.contacts.lastTs(row);
    }

    /** The zombie's port its reads went to. */
    int port() {
      return src.contacts.port(row);
    }

    /**
     * Whether these reads are an idle scan's through {@code zombie}: they began before its first probe,
     * ended after its last, and went to the port its TCP probes came from (at most two).
     */
    boolean readsAround(Judged zombie) {
      PortSet ports = zombie.src().traits().tcpSourcePorts;
      return firstTs() <= zombie.verdict().firstProbeNanos() && lastTs() >= zombie.verdict().lastProbeNanos()
          && ports.size() <= ZOMBIE_MAX_PROBE_PORTS && ports.contains(port());
    }
  }

  /** The verdict of the scanner behind {@code zombie}'s idle scan (see {@link #mark}). */
  private static Judged idleScanner(Judged zombie, IdReader reader, String reason) {
    ScannerVerdict z = zombie.verdict();
    SourceState s = reader.src;
    ContactTable c = s.contacts;
    int r = reader.row;
    String ip = IpText.format(s.hi, s.lo);
    ProbeEvent first = new ProbeEvent(c.firstTs(r), c.firstFrame(r), ip, z.ip(), c.port(r),
        PortList.protoName(TCP), TcpFlags.letters(c.firstFlags(r)), Technique.IDLE.wireName());
    ScannerVerdict v = new ScannerVerdict(ip, s.packets, z.probePackets(), s.firstTs, s.lastTs,
        Math.min(first.tsNanos(), z.firstProbeNanos()), Math.max(c.lastTs(r), z.lastProbeNanos()), z.distinctHosts(),
        z.distinctPorts(), z.contacts(), z.failedContacts(), s.flagStats(), List.of(Technique.IDLE.wireName()),
        z.pattern(), z.score(), List.of(reason), z.detectedAfterProbes(), false, false, false, z.tool(), z.findings(),
        first, Activity.of(s.activity()), false, null);
    return new Judged(s, v, zombie.contacts(), zombie.answered(), zombie.hosts());
  }
}
