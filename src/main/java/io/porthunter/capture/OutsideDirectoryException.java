package io.porthunter.capture;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** A capture's path left, or never was beneath, the directory it must be read from. */
public final class OutsideDirectoryException extends FileSystemException {
  OutsideDirectoryException(Path file, String reason) {
    super(file.toString(), null, reason);
  }
}
