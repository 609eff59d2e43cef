package io.porthunter.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects chunk boundaries while a loop walks a file's records without decoding them. */
final class ChunkPlan {
  private final Path file;
  private final long fileSize;
  private final int parts;
  private final List<CaptureChunk> chunks = new ArrayList<>();
  private int nextCut = 1;
  private long start = -1;
  private long startFrame;
  private boolean startBigEndian;
  private List<InterfaceDescription> startInterfaces;
  private String format;

  ChunkPlan(Path file, long fileSize, int parts) {
    this.file = file;
    this.fileSize = fileSize;
    this.parts = parts;
  }

  private long cutOffset(int cut) {
    return fileSize / parts * cut + fileSize % parts * cut / parts;
  }

  void atBoundary(long offset, long frame, RecordLoop loop) {
    if (offset >= fileSize && start >= 0) {
      return;
    }
    if (start < 0) {
      begin(offset, frame, loop);
      return;
    }
    if (nextCut >= parts || offset < cutOffset(nextCut) || offset == start) {
      return;
    }
    close(offset);
    begin(offset, frame, loop);
    while (nextCut < parts && cutOffset(nextCut) <= offset) {
      nextCut++;
    }
  }

  private void begin(long offset, long frame, RecordLoop loop) {
    start = offset;
    startFrame = frame;
    startBigEndian = loop.bigEndianNow();
    startInterfaces = loop.interfacesNow();
    format = loop.format();
  }

  private void close(long end) {
    chunks.add(
        new CaptureChunk(
            file, chunks.size(), start, end, startFrame, format, startBigEndian, startInterfaces,
            false));
  }

  /** The chunks, the last one running to the end of the file. */
  List<CaptureChunk> finish() {
    if (start >= 0) {
      close(fileSize);
    }
    return List.copyOf(chunks);
  }
}
