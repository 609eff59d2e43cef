package io.porthunter.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Absolute-index reads from a byte array. Network headers are big-endian; capture-file headers use
 * the byte order of the file (or pcapng section), passed as a flag so the JIT sees one constant
 * {@link VarHandle} per width and a predictable branch instead of a per-file handle.
 */
final class Bytes {
  private static final VarHandle BE16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  /** Unsigned big-endian 16-bit value. */
  static int u16(byte[] b, int i) {
    return (short) BE16.get(b, i) & 0xFFFF;
  }

  /** Big-endian 32-bit value. */
  static int i32(byte[] b, int i) {
    return (int) BE32.get(b, i);
  }

  static long u32(byte[] b, int i) {
    return i32(b, i) & 0xFFFF_FFFFL;
  }

  static long i64(byte[] b, int i) {
    return (long) BE64.get(b, i);
  }

  static int u16(byte[] b, int i, boolean bigEndian) {
    int v = u16(b, i);
    return bigEndian ? v : Integer.reverseBytes(v) >>> 16;
  }

  static int i32(byte[] b, int i, boolean bigEndian) {
    int v = i32(b, i);
    return bigEndian ? v : Integer.reverseBytes(v);
  }

  static long u32(byte[] b, int i, boolean bigEndian) {
    return i32(b, i, bigEndian) & 0xFFFF_FFFFL;
  }

  static long i64(byte[] b, int i, boolean bigEndian) {
    long v = i64(b, i);
    return bigEndian ? v : Long.reverseBytes(v);
  }
}
