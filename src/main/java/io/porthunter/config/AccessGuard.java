package io.porthunter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The server's gatekeeper. Checks run in a fixed order — token, path, file type, size — so a caller
 * without the token learns nothing about the file system. Stateless and thread-safe.
 */
public final class AccessGuard {
  /** How many dangling links in a row are followed before giving up (the Linux ELOOP limit). */
  private static final int MAX_LINK_HOPS = 40;
  /** The longest path a tool accepts, in UTF-8 bytes: Linux's PATH_MAX less its terminating NUL. */
  public static final int MAX_PATH_BYTES = 4095;

  private final Settings settings;
  /** SHA-256 of the configured token: comparing digests keeps the time independent of the length. */
  private final byte[] tokenDigest;

  public AccessGuard(Settings settings) {
    this.settings = settings;
    this.tokenDigest = settings.token() == null ? null : sha256(settings.token());
  }

  /** Refuses the call when a token is required and {@code supplied} is missing or wrong. */
  public void checkToken(String supplied) throws ToolFailure {
    if (!settings.requireToken()) {
      return;
    }
    if (supplied == null || supplied.isEmpty() || tokenDigest == null
        || !MessageDigest.isEqual(tokenDigest, sha256(supplied))) {
      throw new ToolFailure(ErrorCode.UNAUTHORIZED, "missing or wrong auth_token");
    }
  }

  /**
   * The real path of a capture the caller may read: inside the allowed directory once every symlink
   * is resolved, existing, of a capture type and within the size limit. Relative paths are taken
   * against the allowed directory.
   */
  public Path authorise(String rawPath) throws ToolFailure {
    Path real = resolveInside(rawPath);
    CaptureFiles.checkTypeAndSize(real, rawPath, settings.maxPcapBytes());
    return real;
  }

  /** Path step alone: inside the allowed directory (real paths compared by component) and existing. */
  Path resolveInside(String rawPath) throws ToolFailure {
    Path requested = settings.allowedDir().resolve(parse(rawPath));
    Path real;
    boolean exists;
    try {
      real = requested.toRealPath();
      exists = true;
    } catch (IOException missing) {
      real = realOfMissing(requested, MAX_LINK_HOPS);
      exists = false;
    }
    // Path.startsWith compares whole components, so /data2 is not inside /data.
    if (!real.startsWith(settings.allowedDir())) {
      throw new ToolFailure(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR,
          rawPath + ": outside the allowed directory (" + Settings.ALLOWED_DIR + ")");
    }
    if (!exists) {
      throw new ToolFailure(ErrorCode.FILE_NOT_FOUND, rawPath + ": no such file");
    }
    return real;
  }

  /**
   * Where a missing path would live: the real path of its deepest existing ancestor plus the missing
   * rest. Missing components cannot be symlinks, so normalising them lexically is exact; this keeps a
   * missing file under a link that points away reported as outside, not as merely missing. A dangling
   * link is followed to its target, which is resolved the same way; one that cannot be resolved at all
   * is taken where it lies.
   */
  private static Path realOfMissing(Path requested, int hopsLeft) throws ToolFailure {
    Path ancestor = requested;
    while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return requested.normalize();
    }
    Path rest = ancestor.relativize(requested);
    try {
      if (Files.isSymbolicLink(ancestor) && !Files.exists(ancestor)) {
        if (hopsLeft == 0) {
          throw new ToolFailure(ErrorCode.FILE_NOT_FOUND, "too many levels of symbolic links");
        }
        Path target = ancestor.resolveSibling(Files.readSymbolicLink(ancestor));
        return realOfMissing(target, hopsLeft - 1).resolve(rest).normalize();
      }
      return ancestor.toRealPath().resolve(rest).normalize();
    } catch (IOException e) { // a link into nowhere a path can name (/dev/stdin → pipe:[…]): where it says
      return requested.normalize();
    }
  }

  /**
   * A path string as a Path; characters the file system cannot name, and a path longer than any the
   * system can open, are an argument error. The bound is checked first: resolving a missing path walks
   * its ancestors, at a cost growing with the square of its length.
   */
  static Path parse(String rawPath) throws ToolFailure {
    if (rawPath == null || rawPath.isBlank()) {
      throw ToolFailure.invalidArgument("path must be a non-empty string");
    }
    if (rawPath.length() > MAX_PATH_BYTES || rawPath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw ToolFailure.invalidArgument("path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    try {
      return Path.of(rawPath);
    } catch (InvalidPathException e) {
      throw ToolFailure.invalidArgument("path is not a valid file name: " + e.getReason());
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime ships SHA-256", e);
    }
  }
}
