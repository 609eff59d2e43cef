package io.porthunter.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Opens a capture for reading, never following a symbolic link, and only regular files (one seen
 * to be a FIFO or a device is refused; a file swapped for a FIFO between that look and the open
 * would still block the open, which Java cannot make non-blocking).
 *
 * <p>Beneath a directory ({@link ReadOptions#confinedTo()}), the path is walked one name at a time
 * from that directory, each step relative to the one before (openat with O_NOFOLLOW, through {@link
 * SecureDirectoryStream}): a path checked to lie inside the directory cannot lead outside it when
 * it is opened, even if a directory on the way is swapped for a link in between (a check of the
 * real path, then an open of the path, leaves that window). A directory this process may search but
 * not read (mode 711) cannot be walked that way, as opening it needs read permission: the path is
 * then opened as it was checked, and for it that window stays.
 */
final class ConfinedOpen {
  /** O_RDONLY | O_NOFOLLOW on the last name (directories on the way are walked without following). */
  private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private ConfinedOpen() {}

  static FileChannel open(Path file, Path confinedTo) throws IOException {
    if (confinedTo == null) {
      return openPath(file);
    }
    // a plain absolute path beneath the directory: ".." would walk out of it (openat follows "..")
    if (!confinedTo.isAbsolute() || !file.isAbsolute() || !file.equals(file.normalize())
        || !file.startsWith(confinedTo) || file.equals(confinedTo)) {
      throw new OutsideDirectoryException(file, "is not a plain path beneath " + confinedTo);
    }
    Path relative = confinedTo.relativize(file);
    DirectoryStream<Path> root;
    try {
      root = Files.newDirectoryStream(confinedTo);
    } catch (AccessDeniedException searchOnly) {
      return openPath(file);
    }
    if (!(root instanceof SecureDirectoryStream<Path> dir)) {
      root.close(); // a platform without openat: the path, checked just before, is all there is
      return openPath(file);
    }
    try {
      for (int i = 0; i < relative.getNameCount() - 1; i++) {
        SecureDirectoryStream<Path> next;
        try {
          next = dir.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException searchOnly) {
          return openPath(file);
        } catch (NoSuchFileException gone) {
          throw gone;
        } catch (FileSystemException e) { // not a directory, or a link (ELOOP): a swap
          throw new OutsideDirectoryException(file, "changed while it was opened: " + relative.getName(i)
              + " is no longer a directory beneath " + confinedTo);
        }
        dir.close();
        dir = next;
      }
      Path name = relative.getFileName();
      BasicFileAttributes attributes =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
      if (attributes.isSymbolicLink()) { // the checked path was real: a link now means a swap
        throw new OutsideDirectoryException(file, "changed while it was opened: it is now a symbolic link");
      }
      if (!attributes.isRegularFile()) {
        throw new CaptureFormatException("not a regular file");
      }
      SeekableByteChannel channel;
      try {
        channel = dir.newByteChannel(name, READ_NOFOLLOW);
      } catch (NoSuchFileException | AccessDeniedException e) {
        throw e;
      } catch (IOException e) {
        if (isLinkRefused(e)) { // the file became a link since it was looked at
          throw new OutsideDirectoryException(file, "changed while it was opened: it is now a symbolic link");
        }
        throw e;
      }
      if (channel instanceof FileChannel opened) {
        return opened;
      }
      channel.close();
      throw new IOException("the platform's directory stream does not open file channels");
    } finally {
      dir.close();
    }
  }

  /**
   * True for the failure of an O_NOFOLLOW open of a name that is a link (ELOOP). The JDK reports it as
   * a plain {@link IOException} whose message ends with this suffix (UnixChannelFactory), not as a
   * {@link FileSystemException}; the name may already be a file again, so it is not looked at anew.
   */
  private static boolean isLinkRefused(IOException e) {
    return !(e instanceof FileSystemException) && e.getMessage() != null
        && e.getMessage().endsWith("(NOFOLLOW_LINKS specified)");
  }

  /** The path itself, its last name not followed if it is a link. */
  private static FileChannel openPath(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new CaptureFormatException("not a regular file");
    }
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }
}
