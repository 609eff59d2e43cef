package io.porthunter.capture;

/**
 * A sink that lends the reader the {@link Packet} each record is decoded into, so that decoded
 * packets can be queued for another thread without copying them.
 */
interface PacketSlots extends PacketSink {
  /** The packet the next record is decoded into; handed back through {@link #accept}. */
  Packet slot();
}
