package io.porthunter.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Opens a capture for reading, never following a symbolic link, and only regular files (a FIFO
 * would block the open).
 *
 * <p>Beneath a directory ({@link ReadOptions#confinedTo()}), the path is walked one name at a time
 * from that directory, each step relative to the one before (openat with O_NOFOLLOW, through {@link
 * SecureDirectoryStream}): a path checked to lie inside the directory cannot lead outside it when
 * it is opened, even if a directory on the way is swapped for a link in between (a check of the
 * real path, then an open of the path, leaves that window).
 */
final class ConfinedOpen {
  /** O_RDONLY | O_NOFOLLOW on the last name (directories on the way are walked without following). */
  private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private ConfinedOpen() {}

  static FileChannel open(Path file, Path confinedTo) throws IOException {
    if (confinedTo == null) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CaptureFormatException("not a regular file");
      }
      return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
    if (!file.startsWith(confinedTo) || file.equals(confinedTo)) {
      throw new OutsideDirectoryException(file, "is not beneath " + confinedTo);
    }
    Path relative = confinedTo.relativize(file);
    DirectoryStream<Path> root = Files.newDirectoryStream(confinedTo);
    if (!(root instanceof SecureDirectoryStream<Path> dir)) {
      root.close(); // a platform without openat: the path, checked just before, is all there is
      return open(file, null);
    }
    try {
      for (int i = 0; i < relative.getNameCount() - 1; i++) {
        SecureDirectoryStream<Path> next;
        try {
          next = dir.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
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
      SeekableByteChannel channel = dir.newByteChannel(name, READ_NOFOLLOW);
      if (channel instanceof FileChannel opened) {
        return opened;
      }
      channel.close();
      throw new IOException("the platform's directory stream does not open file channels");
    } finally {
      dir.close();
    }
  }
}
