/**
 * Capture decoding: files in, {@link io.porthunter.capture.Packet} views out.
 *
 * <p>Knows nothing of scans. The format is chosen by magic number (classic pcap in both byte orders
 * and both time resolutions, PCAPNG with any section/interface layout); link layers and IP/TCP/UDP/
 * ICMP are decoded in place over a reused buffer, with bounds checked once per header. A file that
 * ends inside a record is decoded up to the last whole record and reported as truncated.
 */
package io.porthunter.capture;
