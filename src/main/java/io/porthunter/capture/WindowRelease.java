package io.porthunter.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a finished memory-mapped window at once. Left to the garbage collector, windows of a
 * multi-gigabyte file pile up as resident memory while the heap itself stays small (a bounded heap
 * rarely collects), so resident size would grow with the file. Uses {@code sun.misc.Unsafe
 * #invokeCleaner} from the jdk.unsupported module, found reflectively; where it is missing the
 * window is left to the collector as before.
 */
final class WindowRelease {
  private static final MethodHandle INVOKE_CLEANER = find();

  private WindowRelease() {}

  static void release(MappedByteBuffer window) {
    if (INVOKE_CLEANER == null || window == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke((ByteBuffer) window);
    } catch (Throwable e) {
      // Releasing early is an optimisation: on failure the collector still frees it.
    }
  }

  private static MethodHandle find() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      Object unsafe = field.get(null);
      return MethodHandles.lookup()
          .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(unsafe);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
