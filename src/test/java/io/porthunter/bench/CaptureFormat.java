package io.porthunter.bench;

/** Output container formats. */
public enum CaptureFormat {
  /** Classic libpcap file. */
  PCAP,
  /** PCAPNG: one section, one Ethernet interface, enhanced packet blocks. */
  PCAPNG
}
