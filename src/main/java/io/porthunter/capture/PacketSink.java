package io.porthunter.capture;

/** Receives every record of a capture, in file order. The {@link Packet} is reused between calls. */
@FunctionalInterface
public interface PacketSink {
  void accept(Packet packet);
}
