package io.porthunter.config;

/** The {@code error} values a tool result can carry; each is documented in docs/mcp.md. */
public enum ErrorCode {
  UNAUTHORIZED,
  PATH_OUTSIDE_ALLOWED_DIR,
  FILE_NOT_FOUND,
  UNSUPPORTED_FILE_TYPE,
  FILE_TOO_LARGE,
  NOT_A_CAPTURE,
  INVALID_ARGUMENT,
  INVALID_IP,
  CANCELLED,
  INTERNAL_ERROR;

  /** The wire form, e.g. {@code path_outside_allowed_dir}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
