package io.porthunter.capture;

import java.io.IOException;
import java.nio.file.Path;

/** Entry point: reads a capture file (format by magic number) and hands every record to a sink. */
public final class CaptureReader {
  private CaptureReader() {}

  public static CaptureSummary read(Path file, PacketSink sink, ReadOptions options) throws IOException {
    throw new UnsupportedOperationException("placeholder: implemented on the capture branch");
  }
}
