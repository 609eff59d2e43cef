package io.porthunter.intel;

/**
 * A special-purpose block from the IANA registries.
 *
 * @param reason always "private_ip" (the contract's reason for skipping)
 * @param detail the block's kind: "private", "cgnat", "loopback", "link_local", "documentation", ...
 * @param block  the block in CIDR form, e.g. "10.0.0.0/8"
 */
public record SpecialPurpose(String reason, String detail, String block) {}
