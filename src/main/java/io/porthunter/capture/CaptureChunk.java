package io.porthunter.capture;

import java.nio.file.Path;
import java.util.List;

/**
 * A record-aligned byte range of a capture file that can be decoded on its own by
 * {@link CaptureReader#readChunk}. It carries the header context in force at its start.
 *
 * @param file         the capture
 * @param index        0-based position of the chunk in the file
 * @param startOffset  file offset of the first record (or block) of the chunk
 * @param endOffset    file offset just past the chunk (the next chunk's start, or the file size)
 * @param firstFrame   file-wide frame number of the chunk's first record, so frame numbers in a
 *                     chunk match a sequential read
 * @param format       the file's format name, as in {@link CaptureSummary#format()}
 * @param bigEndian    byte order of the file (pcapng: of the section in force at the start)
 * @param interfaces   interfaces in force at the start: the one implicit interface of a classic
 *                     pcap file (its resolution 6 or 9), or the pcapng section's interface table
 * @param compressed   true for a gzip or zstd file: the single chunk is the whole file, read sequentially
 */
public record CaptureChunk(
    Path file,
    int index,
    long startOffset,
    long endOffset,
    long firstFrame,
    String format,
    boolean bigEndian,
    List<InterfaceDescription> interfaces,
    boolean compressed) {
  public CaptureChunk {
    interfaces = List.copyOf(interfaces);
  }
}
