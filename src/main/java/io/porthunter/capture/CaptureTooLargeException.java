package io.porthunter.capture;

import java.io.IOException;

/** More uncompressed bytes than {@link ReadOptions#maxBytes()} allowed. */
public final class CaptureTooLargeException extends IOException {
  public CaptureTooLargeException(long limit) {
    super("capture exceeds " + limit + " bytes");
  }
}
