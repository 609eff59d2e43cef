package io.porthunter.capture;

import java.io.IOException;

/** The bytes are not a capture this reader understands (bad magic, impossible header). */
public final class CaptureFormatException extends IOException {
  public CaptureFormatException(String message) {
    super(message);
  }
}
