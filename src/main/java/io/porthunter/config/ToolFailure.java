package io.porthunter.config;

/**
 * A request refused or failed for a reason the caller can act on. The message is safe to show the
 * client: it never contains stack traces or paths outside what the caller supplied.
 */
public final class ToolFailure extends Exception {
  private final ErrorCode code;

  public ToolFailure(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
