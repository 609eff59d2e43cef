package io.porthunter.capture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The hashes of addresses, conversation endpoints and contacts that hash tables index by (the
 * detector's open-addressing tables, the fragment reassembly table), under a secret key drawn
 * when the program starts. Addresses and ports come from the capture, which may be crafted: with a
 * public hash, thousands of addresses can be chosen to share one slot, and every lookup then walks
 * all of them (quadratic time: 70,000 crafted IPv6 sources took minutes). Without the key nobody can
 * tell which addresses collide.
 *
 * <p>Every attacker-chosen value passes through a keyed, non-linear step before it meets another
 * (an XOR or sum of raw fields would let one field cancel another's change). Results must not depend
 * on the key: nothing may be reported in table order (the detector, when a memory bound may cut,
 * takes the conversations a sweep concludes in the order they opened, not in the table's).
 */
public final class KeyedHash {
  private static final long ADDRESS_KEY;
  /** Odd, so that multiplying a port by it maps distinct ports to distinct values. */
  private static final long PORT_KEY;
  private static final long TARGET_KEY;

  static {
    long[] keys = secretKeys(3);
    ADDRESS_KEY = keys[0];
    PORT_KEY = keys[1] | 1;
    TARGET_KEY = keys[2] | 1;
  }

  private KeyedHash() {}

  /** A 64-bit hash of an address (the {@code Packet} two-long form). */
  public static long address(long hi, long lo) {
    return mix(mix(hi ^ ADDRESS_KEY) ^ lo);
  }

  /** A 64-bit hash of an address and port, one side of a conversation. */
  public static long endpoint(long hi, long lo, int port) {
    return mix(mix(hi ^ ADDRESS_KEY) ^ lo ^ port * PORT_KEY);
  }

  /** A 64-bit hash of a contact: destination address and a protocol and port packed in an int. */
  public static long target(long hi, long lo, int protoPort) {
    return mix(mix(hi ^ ADDRESS_KEY) ^ lo ^ protoPort * TARGET_KEY);
  }

  /**
   * A bijection on 64 bits whose every output bit depends on every input bit (the finaliser of
   * {@link SplittableRandom}, Stafford's variant 13 of MurmurHash3's).
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Keys from the kernel's random source: a fraction of a millisecond, where initialising
   * {@code SecureRandom} costs some 30 ms of every run's start. Where there is no such device, a
   * generator seeded from the clocks (unknown to whoever made the capture beforehand).
   */
  private static long[] secretKeys(int n) {
    long[] keys = new long[n];
    Path device = Path.of("/dev/urandom");
    if (Files.isReadable(device)) {
      try (InputStream in = Files.newInputStream(device); DataInputStream data = new DataInputStream(in)) {
        for (int i = 0; i < n; i++) {
          keys[i] = data.readLong();
        }
        return keys;
      } catch (IOException e) {
        // fall through to the clock-seeded generator
      }
    }
    SplittableRandom random = new SplittableRandom(System.nanoTime() ^ mix(System.currentTimeMillis()));
    for (int i = 0; i < n; i++) {
      keys[i] = random.nextLong();
    }
    return keys;
  }
}
