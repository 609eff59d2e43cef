package io.porthunter.capture;

import java.io.ByteArrayOutputStream;

/** Little byte builder for test captures, in a chosen byte order. */
final class ByteWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean bigEndian;

  ByteWriter(boolean bigEndian) {
    this.bigEndian = bigEndian;
  }

  static ByteWriter network() {
    return new ByteWriter(true);
  }

  ByteWriter u8(int v) {
    out.write(v);
    return this;
  }

  ByteWriter u16(int v) {
    return bigEndian ? u8(v >>> 8).u8(v) : u8(v).u8(v >>> 8);
  }

  ByteWriter u32(long v) {
    return bigEndian ? u16((int) (v >>> 16)).u16((int) v) : u16((int) v).u16((int) (v >>> 16));
  }

  ByteWriter u64(long v) {
    return bigEndian ? u32(v >>> 32).u32(v) : u32(v).u32(v >>> 32);
  }

  ByteWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  ByteWriter zeros(int n) {
    return bytes(new byte[n]);
  }

  int size() {
    return out.size();
  }

  byte[] toBytes() {
    return out.toByteArray();
  }
}
