package io.porthunter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** File-type and size rules every capture must pass, for the server and the command line alike. */
public final class CaptureFiles {
  /** .pcap, .pcapng or .cap, optionally gzip- or zstd-compressed, any case. */
  private static final Pattern CAPTURE_NAME =
      Pattern.compile(".+\\.(pcap|pcapng|cap)(\\.gz|\\.zst)?", Pattern.DOTALL); // any name, newlines too

  private CaptureFiles() {}

  public static boolean hasCaptureExtension(Path file) {
    Path name = file.getFileName();
    return name != null && CAPTURE_NAME.matcher(name.toString().toLowerCase(Locale.ROOT)).matches();
  }

  /** Type then size; the file must exist. Size is read from the file system, before any byte is read. */
  public static void checkTypeAndSize(Path file, String shownName, long maxBytes) throws ToolFailure {
    if (!hasCaptureExtension(file)) {
      throw new ToolFailure(ErrorCode.UNSUPPORTED_FILE_TYPE, shownName
          + ": expected a .pcap, .pcapng or .cap file, optionally ending in .gz or .zst");
    }
    if (!Files.isRegularFile(file)) {
      throw new ToolFailure(ErrorCode.UNSUPPORTED_FILE_TYPE, shownName + ": not a regular file");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ToolFailure(ErrorCode.FILE_NOT_FOUND, shownName + ": cannot be read");
    }
    if (size > maxBytes) {
      throw new ToolFailure(ErrorCode.FILE_TOO_LARGE, tooLargeMessage(shownName, maxBytes));
    }
  }

  /** For the command line: the user's own path, resolved against the working directory. */
  public static Path checkLocal(String rawPath, long maxBytes) throws ToolFailure {
    Path file;
    try {
      // The real path, as the server passes on: the reader opens it without following links, and
      // the analysis cache keys on it.
      file = AccessGuard.parse(rawPath).toAbsolutePath().toRealPath();
    } catch (IOException e) {
      throw new ToolFailure(ErrorCode.FILE_NOT_FOUND, rawPath + ": no such file");
    }
    checkTypeAndSize(file, rawPath, maxBytes);
    return file;
  }

  public static String tooLargeMessage(String shownName, long maxBytes) {
    return shownName + ": larger than the limit of " + maxBytes + " bytes (" + Settings.MAX_PCAP_MB
        + ")";
  }
}
