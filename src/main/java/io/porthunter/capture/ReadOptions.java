package io.porthunter.capture;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Limits and hooks for one read.
 *
 * @param maxBytes  stop with {@link CaptureTooLargeException} once more uncompressed bytes than this
 *                  were read (decompression bombs); {@code Long.MAX_VALUE} for no limit
 * @param progress  called with the bytes of the file read so far (of a compressed file, its compressed
 *                  bytes, so progress ends at the file's size), now and then (not per packet)
 * @param cancelled polled now and then; when it answers true the read stops with
 *                  {@link java.util.concurrent.CancellationException}
 * @param confinedTo a real directory path the file must be opened beneath, never through a symbolic
 *                  link at any step ({@link OutsideDirectoryException} otherwise); null for none
 */
public record ReadOptions(long maxBytes, LongConsumer progress, BooleanSupplier cancelled, Path confinedTo) {
  public static final ReadOptions DEFAULT = new ReadOptions(Long.MAX_VALUE, b -> {}, () -> false);

  /** Options for a file that may be anywhere. */
  public ReadOptions(long maxBytes, LongConsumer progress, BooleanSupplier cancelled) {
    this(maxBytes, progress, cancelled, null);
  }
}
