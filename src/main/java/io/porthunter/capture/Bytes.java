package io.porthunter.capture;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

/**
 * Absolute-index reads from a byte array. Network headers are big-endian; capture-file headers use
 * the byte order of the file (or pcapng section), passed as a flag so that one method per width
 * serves both orders with a predictable branch.
 *
 * <p>Two ways to read, chosen once for the JIT this VM runs ({@link #BYTE_LOADS}):
 * <ul>
 *   <li>the optimising compiler (C2) turns a byte-array-view {@link VarHandle} into one wide load and a
 *       byte swap: decoding 10 M packets took 0.73–0.80 s of CPU, against 0.86–1.0 s with byte loads;
 *   <li>the quick tier alone (C1, which the launcher picks on two cores or fewer) calls through the
 *       handle's guards, index checks and byte swaps instead: 1.25–1.97 s, against 1.10–1.47 s with
 *       byte loads and shifts. C1 inlines only methods under 35 bytecodes, so those are built from
 *       small methods that it inlines into the decoder as plain loads.
 * </ul>
 * The choice is a constant, so either JIT folds the branch away.
 */
final class Bytes {
  /** True when no compiler above the quick tier runs: read byte by byte (see above). */
  static final boolean BYTE_LOADS = quickTierOnly();

  private static final VarHandle BE16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int FULL_OPTIMIZATION_TIER = 4;

  private Bytes() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  /** Unsigned big-endian 16-bit value. */
  static int u16(byte[] b, int i) {
    return BYTE_LOADS ? ByteLoads.u16(b, i) : (short) BE16.get(b, i) & 0xFFFF;
  }

  /** Big-endian 32-bit value. */
  static int i32(byte[] b, int i) {
    return BYTE_LOADS ? ByteLoads.i32(b, i) : (int) BE32.get(b, i);
  }

  static long u32(byte[] b, int i) {
    return i32(b, i) & 0xFFFF_FFFFL;
  }

  static long i64(byte[] b, int i) {
    return BYTE_LOADS ? ByteLoads.i64(b, i) : (long) BE64.get(b, i);
  }

  static int u16(byte[] b, int i, boolean bigEndian) {
    return bigEndian ? u16(b, i) : u16Little(b, i);
  }

  static int i32(byte[] b, int i, boolean bigEndian) {
    return bigEndian ? i32(b, i) : i32Little(b, i);
  }

  static long u32(byte[] b, int i, boolean bigEndian) {
    return i32(b, i, bigEndian) & 0xFFFF_FFFFL;
  }

  static long i64(byte[] b, int i, boolean bigEndian) {
    return bigEndian ? i64(b, i) : (long) i32(b, i + 4, false) << 32 | u32(b, i, false);
  }

  private static int u16Little(byte[] b, int i) {
    return BYTE_LOADS ? ByteLoads.u16Little(b, i) : Integer.reverseBytes(u16(b, i)) >>> 16;
  }

  private static int i32Little(byte[] b, int i) {
    return BYTE_LOADS ? ByteLoads.i32Little(b, i) : Integer.reverseBytes(i32(b, i));
  }

  /**
   * True when this HotSpot VM compiles with the quick tier alone ({@code -XX:TieredStopAtLevel} below
   * 4); false for the full tiered compiler, or when the VM does not say (a runtime without the
   * {@code jdk.management} module has no such bean: reading still works, only slower under C1).
   */
  static boolean quickTierOnly() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return vm != null && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) < FULL_OPTIMIZATION_TIER;
    } catch (RuntimeException | LinkageError e) { // not HotSpot, no such option, no jdk.management module
      return false;
    }
  }

  /** Reads as byte loads and shifts, each small enough for C1 to inline. */
  static final class ByteLoads {
    private ByteLoads() {}

    static int u16(byte[] b, int i) {
      return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int i32(byte[] b, int i) {
      return u16(b, i) << 16 | u16(b, i + 2);
    }

    static long i64(byte[] b, int i) {
      return (long) i32(b, i) << 32 | i32(b, i + 4) & 0xFFFF_FFFFL;
    }

    static int u16Little(byte[] b, int i) {
      return (b[i + 1] & 0xFF) << 8 | b[i] & 0xFF;
    }

    static int i32Little(byte[] b, int i) {
      return u16Little(b, i + 2) << 16 | u16Little(b, i);
    }
  }
}
