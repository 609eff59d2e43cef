/**
 * Benchmark support: a deterministic synthetic capture generator and its self-checks.
 *
 * <p>Lives in test scope so the product jar never ships it. The generator depends on nothing in
 * {@code io.porthunter} (the decoder and detector are measured against it, so it must not share
 * their code or their mistakes). Traffic is modelled as independent <em>activities</em> (benign
 * flow lanes, scanners, a spoofed SYN flood), each a small state machine with its own clock;
 * {@link io.porthunter.bench.ActivityQueue} merges them into one time-ordered packet stream.
 * Frames are built in one reused buffer and streamed through a large output buffer, so the steady
 * state allocates nothing per packet. Every random choice comes from one seeded
 * {@link java.util.SplittableRandom}, so a seed always yields the same bytes.
 */
package io.porthunter.bench;
