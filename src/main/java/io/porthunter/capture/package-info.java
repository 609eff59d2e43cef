/**
 * Capture decoding: files in, {@link io.porthunter.capture.Packet} views out. Knows nothing of
 * scans.
 *
 * <h2>Shape</h2>
 *
 * <ul>
 *   <li>{@link io.porthunter.capture.CaptureReader} is the entry point: {@code read} (file or
 *       stream). {@link io.porthunter.capture.ReadAhead} runs the same read on a thread of its own
 *       and hands batches of decoded packets to one or more consumers (routed per packet by the
 *       caller).
 *   <li>The format is chosen by magic number, never by file name: classic pcap (µs and ns magic,
 *       either byte order), PCAPNG (sections in either byte order, any number of interfaces, each
 *       with its own link type, {@code if_tsresol} and {@code if_tsoffset}), and either of them
 *       gzip- or zstd-compressed, decompressed as a stream (no temporary file). Records are
 *       numbered as tshark numbers frames: pcapng custom and systemd journal export blocks count
 *       (delivered as records without a packet), other blocks that carry no packet do not.
 *   <li>{@code InputWindow} is one reusable byte array (64 KiB to 256 KiB, so a window just read
 *       is still in L2 when decoded; larger only for a larger record) filled from the file by
 *       positional reads (files of any size; nothing stays mapped, so resident memory does not grow
 *       with the file) or from a decompressing stream; a record that straddles its end is moved to
 *       the front. Headers and frames are decoded in
 *       place with absolute-index reads ({@code Bytes}); the file byte order is a per-file (per
 *       section) flag, network order is fixed. Nothing is allocated per packet: the sink sees one
 *       reused {@link io.porthunter.capture.Packet} (with read-ahead, a fixed ring of them) and must
 *       copy what it keeps.
 *   <li>{@code PcapLoop} / {@code PcapngLoop} walk records or blocks; {@code RecordLoop} holds what
 *       they share (frame numbers, time range, progress and cancellation every 65,536 records, why
 *       reading stopped). {@code FrameDecoder} decodes link layer (Ethernet with VLAN tags, 802.3
 *       frames with LLC/SNAP, MPLS and PPPoE, Linux cooked v1/v2, PPP, BSD loopback, raw IP; the
 *       sending station's address), ARP
 *       for IPv4 (operation and protocol addresses), IPv4/IPv6 (extension headers,
 *       fragments, IP-in-IP, GRE, VXLAN and GENEVE tunnels to the innermost packet), TCP (options), UDP
 *       (a BOOTP message's op, transaction id and offered address; whether a DNS datagram answers,
 *       asks a reverse lookup or a priming query, or refers its asker to name servers, and their
 *       addresses: {@code DnsQuestion}, {@code DnsReferral}, over {@code DnsHeader}), SCTP
 *       (ports, first chunk) and ICMP/ICMPv6, including the datagram an ICMP error quotes and the
 *       target of a neighbour solicitation or advertisement.
 *       {@code FragmentTable} reassembles fragmented datagrams as tshark does: the fragment that
 *       completes one carries its transport header, the others none (so nmap -f's probes, eight
 *       bytes of TCP header per fragment, are seen whole); it keeps only each datagram's head, and at
 *       most 4,096 datagrams: those waiting over 60 s of capture time are dropped, as hosts drop
 *       them, and when the table is still full the one waiting longest is given up, counted in the
 *       summary as a memory bound's cost.
 *   <li>{@code DuplicateFrames} marks a frame whose IP packet one of the 16 frames before it carried,
 *       within 1 ms, alike in every header field but the TTL and in the transport checksum: a
 *       second view of one packet ({@code tcpdump -i any} on a router, mergecap of two legs); in a
 *       pcapng section of several interfaces, one of the last 4,096 frames (dumpcap writes each
 *       interface's packets in batches). The summary counts them; consumers decide what a copy is
 *       worth (the analysis skips them).
 * </ul>
 *
 * <h2>Hostile input</h2>
 *
 * No length field is ever used to size an allocation. A record may hold at most {@link
 * io.porthunter.capture.CaptureReader#MAX_RECORD_BYTES}, a PCAPNG block this reader keeps in memory
 * at most {@link io.porthunter.capture.CaptureReader#MAX_BLOCK_BYTES}; blocks it does not use are
 * skipped without being held. A length beyond the limits, a block length below 12 or not a multiple
 * of 4, a trailing length that differs, a packet naming a missing interface: reading stops there
 * and the summary says {@code truncated} with a note, exactly as when the file ends inside a record.
 * Only a file that cannot be a capture at all (bad magic, cut or inconsistent file header / first
 * section header) throws {@link io.porthunter.capture.CaptureFormatException}. The byte limit of
 * {@link io.porthunter.capture.ReadOptions} counts uncompressed bytes as they are pulled, so a
 * decompression bomb stops within one window of the limit. Every decode step is bounded by the
 * frame's captured end, so snap-length cuts simply stop at the layer they reach.
 *
 * <h2>Parallel reading</h2>
 *
 * A file is decoded once, in file order, on one thread: {@link io.porthunter.capture.ReadAhead}
 * decodes into {@code BATCHES} × {@code BATCH_PACKETS} reused packets (fixed memory) and every
 * consumer takes every batch in file order, acting on the packets routed to it and seeing only the
 * time of the others; a failure on any side is rethrown to the caller and stops the other threads.
 * The parallelism is in the consumers, not the file: the analysis routes each packet to the
 * tracker owning its conversation, so every conversation is followed whole and in order and the
 * result is exactly a single pass's (while no memory bound is reached). Chunks of the file decoded
 * side by side would cut conversations in time, leaving partial states to stitch together, and
 * would speed up the part that is not the bottleneck: following conversations takes longer than
 * decoding.
 *
 * <h2>Measured</h2>
 *
 * {@code CaptureReadBenchmark} (test tree, JMH). On the shared 2-core build machine under load,
 * about 20 million 58-byte TCP packets per second of CPU time including file I/O.
 */
package io.porthunter.capture;
