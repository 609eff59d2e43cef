package io.porthunter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the environment configures, validated once at start-up so a bad value fails loudly instead of
 * surfacing mid-session.
 *
 * @param token        the shared secret tools must present, or null when none is configured
 * @param requireToken whether tools refuse calls without the right {@code auth_token}
 * @param allowedDir   real path (symlinks resolved) of the only directory captures are read from
 * @param maxPcapBytes largest capture accepted, on disk and uncompressed
 * @param allowPrivate whether special-purpose addresses are enriched instead of skipped
 * @param workers      conversation-following workers per capture, or 0 when not set (the analyser's
 *                     default)
 * @param confined     whether captures must be opened beneath {@code allowedDir} (the server; the
 *                     command line reads the user's own files wherever they are)
 */
public record Settings(String token, boolean requireToken, Path allowedDir, long maxPcapBytes,
    boolean allowPrivate, int workers, boolean confined) {

  public static final String TOKEN = "PORT_HUNTER_TOKEN";
  public static final String REQUIRE_TOKEN = "PORT_HUNTER_REQUIRE_TOKEN";
  public static final String ALLOWED_DIR = "PORT_HUNTER_ALLOWED_DIR";
  public static final String MAX_PCAP_MB = "PORT_HUNTER_MAX_PCAP_MB";
  public static final String ALLOW_PRIVATE = "PORT_HUNTER_ALLOW_PRIVATE";
  /** Conversation-following workers per capture, all fed by one decoding thread, each with its share. */
  public static final String WORKERS = "PORT_HUNTER_WORKERS";
  public static final int MAX_WORKERS = 64;

  private static final boolean DEFAULT_REQUIRE_TOKEN = true;
  private static final String DEFAULT_ALLOWED_DIR = ".";
  private static final double DEFAULT_MAX_PCAP_MB = 50;
  private static final boolean DEFAULT_ALLOW_PRIVATE = false;

  /** A size as people write it: digits, with a fraction or not. */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

  /** MB in this project means MiB. */
  public static final long BYTES_PER_MB = 1024L * 1024L;

  public Settings {
    if (maxPcapBytes <= 0) {
      throw new IllegalArgumentException("maxPcapBytes must be positive: " + maxPcapBytes);
    }
  }

  /** Settings for the MCP server: every variable is checked, the token is required unless disabled. */
  public static Settings fromEnv(Map<String, String> env) {
    String token = blankToNull(env.get(TOKEN));
    boolean requireToken = bool(env, REQUIRE_TOKEN, DEFAULT_REQUIRE_TOKEN);
    Path allowedDir = directory(env, ALLOWED_DIR, DEFAULT_ALLOWED_DIR);
    long maxBytes = megabytes(env, MAX_PCAP_MB, DEFAULT_MAX_PCAP_MB);
    boolean allowPrivate = bool(env, ALLOW_PRIVATE, DEFAULT_ALLOW_PRIVATE);
    int workers = workers(env);
    if (requireToken && token == null) {
      throw new SettingsException(TOKEN + " is not set but " + REQUIRE_TOKEN
          + " is true: set a token, or set " + REQUIRE_TOKEN + "=false to run without one");
    }
    if (requireToken) {
      requireReadableToken(token);
    }
    return new Settings(token, requireToken, allowedDir, maxBytes, allowPrivate, workers, true);
  }

  /**
   * Refuses a token the JVM could not read: the environment is decoded in the locale's charset, and
   * under a POSIX locale each byte of a non-ASCII character became U+FFFD. Only the token's length and
   * ASCII characters would then be checked, and the real token would fail.
   */
  static void requireReadableToken(String token) {
    if (token != null && token.indexOf('\uFFFD') >= 0) {
      throw new SettingsException(TOKEN + " has characters the JVM could not read under this locale: start"
          + " the server with LC_ALL=C.UTF-8, or use an ASCII token");
    }
  }

  /**
   * Settings for the command line, where the user reads their own files from their own shell: no
   * token and no allowed directory (the working directory stands in), but the size limit and the
   * private-address policy still come from the environment.
   */
  public static Settings forLocalUse(Map<String, String> env) {
    long maxBytes = megabytes(env, MAX_PCAP_MB, DEFAULT_MAX_PCAP_MB);
    boolean allowPrivate = bool(env, ALLOW_PRIVATE, DEFAULT_ALLOW_PRIVATE);
    return new Settings(null, false, directory(Map.of(), ALLOWED_DIR, DEFAULT_ALLOWED_DIR), maxBytes,
        allowPrivate, workers(env), false);
  }

  /** {@value #WORKERS}: a whole number from 1 to {@value #MAX_WORKERS}, or 0 when not set. */
  static int workers(Map<String, String> env) {
    String raw = blankToNull(env.get(WORKERS));
    if (raw == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= MAX_WORKERS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException(WORKERS + " must be a whole number from 1 to " + MAX_WORKERS + ", got '" + raw + "'");
  }

  /** Accepts true/false, 1/0 and yes/no in any case; absent or blank means the default. */
  static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return fallback;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes":
        return true;
      case "false", "0", "no":
        return false;
      default:
        throw new SettingsException(name + " must be true/false, 1/0 or yes/no, got '" + raw + "'");
    }
  }

  static long megabytes(Map<String, String> env, String name, double fallback) {
    String raw = blankToNull(env.get(name));
    double mb;
    if (raw == null) {
      mb = fallback;
    } else if (DECIMAL.matcher(raw.trim()).matches()) { // not Java's float syntax: no 10f, 0x1p4, 1e3
      mb = Double.parseDouble(raw.trim());
    } else {
      throw new SettingsException(name + " must be a positive number of megabytes, got '" + raw + "'");
    }
    double bytes = mb * BYTES_PER_MB;
    if (bytes < 1 || bytes >= Long.MAX_VALUE) {
      throw new SettingsException(name + " must be a positive number of megabytes below 2^43 (8 EiB), got '"
          + raw + "'");
    }
    return (long) bytes;
  }

  static Path directory(Map<String, String> env, String name, String fallback) {
    String raw = blankToNull(env.get(name));
    String value = raw == null ? fallback : raw.trim();
    try {
      Path dir = Path.of(value);
      if (!Files.isDirectory(dir)) {
        throw new SettingsException(name + " must name an existing directory, '" + value
            + "' is not one");
      }
      return dir.toRealPath();
    } catch (InvalidPathException | IOException e) {
      throw new SettingsException(name + " must name an existing directory, '" + value
          + "' cannot be resolved: " + e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Never prints the token itself. */
  @Override
  public String toString() {
    return "Settings[token=" + (token == null ? "unset" : "set") + ", requireToken=" + requireToken
        + ", allowedDir=" + allowedDir + ", maxPcapBytes=" + maxPcapBytes + ", allowPrivate="
        + allowPrivate + ", workers=" + workers + ", confined=" + confined + "]";
  }
}
