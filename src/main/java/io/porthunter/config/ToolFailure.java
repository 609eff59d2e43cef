package io.porthunter.config;

/**
 * A request refused or failed for a reason the caller can act on. The message is safe to show the
 * client: it never contains stack traces or paths outside what the caller supplied, and it is cut
 * to {@link #MAX_MESSAGE_CHARS}, since it may quote an argument of any length (a 10 MB "ip").
 */
public final class ToolFailure extends Exception {
  public static final int MAX_MESSAGE_CHARS = 300;
  private static final String CUT = "…";

  private final ErrorCode code;

  public ToolFailure(ErrorCode code, String message) {
    super(bounded(message), null, false, false);
    this.code = code;
  }

  /** The text cut to {@link #MAX_MESSAGE_CHARS} (an ellipsis ends a cut one). */
  public static String bounded(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int end = MAX_MESSAGE_CHARS - CUT.length();
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never split a character
    }
    return message.substring(0, end) + CUT;
  }

  /** A bad argument: {@code invalid_argument}. */
  public static ToolFailure invalidArgument(String message) {
    return new ToolFailure(ErrorCode.INVALID_ARGUMENT, message);
  }

  public ErrorCode code() {
    return code;
  }
}
