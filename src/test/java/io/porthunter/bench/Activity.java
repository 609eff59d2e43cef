package io.porthunter.bench;

import java.io.IOException;

/** One source of packets with its own clock; {@link ActivityQueue} interleaves many of them. */
abstract class Activity {
  /** Epoch nanoseconds of the packet {@link #emit} will write next. */
  long nextTs;

  /** True when the activity must stop before writing anything more (e.g. its budget ran out). */
  boolean exhausted() {
    return false;
  }

  /**
   * Writes the packet due at {@link #nextTs} and advances the clock.
   *
   * @return false when this was the activity's last packet
   */
  abstract boolean emit(FrameBuilder frames, CaptureWriter out) throws IOException;
}
