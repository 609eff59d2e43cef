package io.porthunter.mcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The transport's output, telling {@link Unanswered} of each message written out: the SDK's stdio
 * transport writes a message and its newline, then flushes, once per message. A failed write means
 * the client is gone: nothing more is worth waiting for, and {@code broken} runs.
 */
final class CountedOutput extends FilterOutputStream {
  private final Unanswered unanswered;
  private final Runnable broken;

  CountedOutput(OutputStream out, Unanswered unanswered, Runnable broken) {
    super(out);
    this.unanswered = unanswered;
    this.broken = broken;
  }

  private void failed() {
    unanswered.outputBroken();
    broken.run();
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      failed();
      throw e;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      failed();
      throw e;
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      failed();
      throw e;
    }
    unanswered.written();
  }
}
