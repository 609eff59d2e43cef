package io.porthunter.capture;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * The part of a format's read loop that does not depend on the format: numbering and delivering
 * records, the time range, progress and cancellation, and the reason reading stopped early.
 */
abstract class RecordLoop {
  /** Records between two progress calls / cancellation polls. */
  static final int POLL_INTERVAL_RECORDS = 1 << 16;

  final InputWindow in;
  final Set<Integer> linkTypes = new TreeSet<>();
  private final PacketSink sink;
  /** The sink when it lends its own packets (read-ahead), else null: {@link #packet} is reused. */
  private final PacketSlots slots;
  private final ReadOptions options;
  private final FrameDecoder decoder = new FrameDecoder();
  private DuplicateFrames duplicates = new DuplicateFrames();
  /** Copies are looked for across the batches of a capture of several interfaces. */
  private boolean severalInterfaces;
  private final Packet packet = new Packet();
  private long frame;
  private long records;
  private long tcpHeadersCutShort;
  private long unreadFrames;
  private long firstTs = Long.MAX_VALUE;
  private long lastTs = Long.MIN_VALUE;
  /**
   * The last timed record's time, in file order: an untimed record (a simple packet block) among
   * timed ones is taken to be sent then, not in 1970; before any timed record it is 0.
   */
  private long lastRecordTs;
  private String stopNote;

  RecordLoop(InputWindow in, PacketSink sink, ReadOptions options) {
    this.in = in;
    this.sink = sink;
    this.slots = sink instanceof PacketSlots lender ? lender : null;
    this.options = options;
  }

  /** Reads records until the stream ends or turns out to be damaged. */
  abstract void run() throws IOException;

  abstract String format();

  /** Interface descriptions read (classic pcap: its one implicit interface). */
  abstract int interfaceCount();

  abstract int fractionDigits();

  /**
   * A section described {@code count} interfaces so far: from the second on, copies are looked for
   * across the batches in which a capture of several interfaces writes each one's packets.
   */
  final void interfacesDescribed(int count) {
    if (count > 1 && !severalInterfaces) {
      severalInterfaces = true;
      duplicates = DuplicateFrames.acrossInterfaces(duplicates);
    }
  }

  /** Hands one record, whose bytes are {@code buf[off, off + capLen)}, to the sink. */
  final void deliver(
      byte[] buf, int off, int capLen, long origLen, long tsNanos, boolean hasTs, int ifId,
      int linkType) {
    records++;
    frame++;
    if (hasTs) {
      firstTs = Math.min(firstTs, tsNanos);
      lastTs = Math.max(lastTs, tsNanos);
      lastRecordTs = tsNanos;
    }
    Packet p = slots != null ? slots.slot() : packet;
    p.frame = frame;
    p.tsNanos = lastRecordTs;
    p.interfaceId = ifId;
    p.linkType = linkType;
    p.origLen = (int) Math.min(Integer.MAX_VALUE, origLen);
    p.capLen = capLen;
    p.clearDecoded();
    if (!decoder.decode(buf, off, capLen, linkType, p) && linkType != Packet.NO_INTERFACE) {
      unreadFrames++;
    }
    p.duplicate = hasTs && duplicates.repeats(p);
    tcpHeadersCutShort += p.tcpHeaderCutShort ? 1 : 0;
    sink.accept(p);
    if ((records & (POLL_INTERVAL_RECORDS - 1)) == 0) {
      poll();
    }
  }

  /**
   * Numbers a record that carries no packet (pcapng custom and systemd journal export blocks), as
   * tshark does, so the frame numbers of the packets after it stay tshark's. It has no time and no
   * bytes, so it decodes to nothing.
   */
  final void deliverWithoutPacket() {
    deliver(in.buf, in.pos, 0, 0, 0, false, Packet.NO_INTERFACE, Packet.NO_INTERFACE);
  }

  private void poll() {
    if (options.cancelled().getAsBoolean()) {
      throw new CancellationException("capture read cancelled");
    }
    options.progress().accept(in.fileProgress());
  }

  /** The stream ended inside a record or block. */
  final void stopTruncated(String note) {
    if (stopNote == null) {
      stopNote = note;
    }
  }

  /** A length or marker that cannot be right: nothing after it can be trusted. */
  final void stopCorrupt(String note) {
    stopTruncated("corrupt data at offset " + in.offset() + ": " + note);
  }

  final long nextFrame() {
    return frame + 1;
  }

  final CaptureSummary summary() {
    String damage = in.damage();
    if (damage != null) {
      // the loop saw where the records stopped, the stream says why
      stopNote = stopNote == null ? damage : stopNote + "; " + damage;
    }
    return new CaptureSummary(
        format(),
        records,
        stopNote != null,
        stopNote,
        Set.copyOf(linkTypes),
        interfaceCount(),
        firstTs,
        lastTs,
        fractionDigits(),
        in.offset(),
        decoder.fragmentedDatagramsGivenUp(),
        duplicates.found(),
        tcpHeadersCutShort,
        unreadFrames);
  }
}
