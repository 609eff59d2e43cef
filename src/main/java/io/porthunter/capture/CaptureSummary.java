package io.porthunter.capture;

import java.util.Set;

/**
 * What reading a whole capture established about the file itself.
 *
 * @param format          "pcap", "pcap-nsec", "pcap-be", "pcap-be-nsec" or "pcapng"
 * @param records         complete records read (every record, whatever its protocol)
 * @param truncated       true when the file ended inside a record or block
 * @param truncationNote  why reading stopped early, or null
 * @param linkTypes       the link types the capture's interfaces declare (LINKTYPE_* numbers, in order)
 * @param interfaces      pcapng interface description blocks (1 for classic pcap)
 * @param firstTsNanos    earliest record time (ns since epoch); Long.MAX_VALUE when no record had one
 * @param lastTsNanos     latest record time; Long.MIN_VALUE when no record had one
 * @param fractionDigits  6 when the file stores µs, 9 when it stores ns (pcapng: the finest interface)
 * @param bytesRead       bytes of capture data consumed (uncompressed)
 * @param fragmentedDatagramsGivenUp fragmented datagrams not reassembled because of the reassembly
 *                        table's memory bounds (a full table, a datagram in too many pieces): their
 *                        transport headers, probes perhaps, were not seen
 * @param duplicateFrames frames that carried again an IP packet a frame just before carried
 *                        ({@link Packet#duplicate}), counted among the records
 * @param tcpHeadersCutShort TCP segments the capture cut short of their flags ({@link
 *                        Packet#tcpHeaderCutShort}): a snap length too short for them, probes unseen
 * @param unreadFrames    frames on link types the decoder does not read (802.11, say): nothing in
 *                        them was analysed
 */
public record CaptureSummary(
    String format,
    long records,
    boolean truncated,
    String truncationNote,
    Set<Integer> linkTypes,
    int interfaces,
    long firstTsNanos,
    long lastTsNanos,
    int fractionDigits,
    long bytesRead,
    long fragmentedDatagramsGivenUp,
    long duplicateFrames,
    long tcpHeadersCutShort,
    long unreadFrames) {
  /**
   * True when some record carried a time (pcapng simple packet blocks carry none). Every value of
   * a time is possible (offsets can move it anywhere), so no single value can mean "none".
   */
  public boolean timed() {
    return firstTsNanos <= lastTsNanos;
  }
}
