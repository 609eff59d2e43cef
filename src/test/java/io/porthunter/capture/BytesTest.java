package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both ways of reading agree with {@link ByteBuffer}, in both byte orders, at every alignment. */
class BytesTest {
  private static final int ROUNDS = 2000;

  @Test
  void byteLoadsReadWhatAByteBufferReads() {
    atRandomOffsets(7, (b, i) -> {
      ByteBuffer big = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
      ByteBuffer little = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(Bytes.ByteLoads.u16(b, i)).isEqualTo(big.getShort(i) & 0xFFFF);
      assertThat(Bytes.ByteLoads.i32(b, i)).isEqualTo(big.getInt(i));
      assertThat(Bytes.ByteLoads.i64(b, i)).isEqualTo(big.getLong(i));
      assertThat(Bytes.ByteLoads.u16Little(b, i)).isEqualTo(little.getShort(i) & 0xFFFF);
      assertThat(Bytes.ByteLoads.i32Little(b, i)).isEqualTo(little.getInt(i));
    });
  }

  @Test
  void theChosenWayReadsWhatAByteBufferReadsInEitherOrder() {
    atRandomOffsets(11, (b, i) -> {
      for (boolean bigEndian : new boolean[] {true, false}) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        assertThat(Bytes.u16(b, i, bigEndian)).isEqualTo(buf.getShort(i) & 0xFFFF);
        assertThat(Bytes.i32(b, i, bigEndian)).isEqualTo(buf.getInt(i));
        assertThat(Bytes.u32(b, i, bigEndian)).isEqualTo(buf.getInt(i) & 0xFFFF_FFFFL);
        assertThat(Bytes.i64(b, i, bigEndian)).isEqualTo(buf.getLong(i));
      }
      assertThat(Bytes.u8(b, i)).isEqualTo(b[i] & 0xFF);
    });
  }

  /** Random bytes, read at a random offset with room for 8 bytes, {@link #ROUNDS} times. */
  private static void atRandomOffsets(long seed, java.util.function.ObjIntConsumer<byte[]> check) {
    Random random = new Random(seed);
    byte[] b = new byte[64];
    for (int round = 0; round < ROUNDS; round++) {
      random.nextBytes(b);
      check.accept(b, random.nextInt(b.length - 8));
    }
  }

  @Test
  void byteLoadsAreChosenExactlyWhenTheJitStopsBelowTheOptimisingTier() {
    boolean quickTier = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:TieredStopAtLevel="))
        .reduce((first, last) -> last)
        .map(a -> Integer.parseInt(a.substring(a.indexOf('=') + 1)) < 4)
        .orElse(false);
    assertThat(Bytes.quickTierOnly()).isEqualTo(quickTier);
    assertThat(Bytes.BYTE_LOADS).isEqualTo(quickTier);
    if (Boolean.getBoolean("porthunter.quickTierRun")) { // the build's second run of the capture tests
      assertThat(Bytes.BYTE_LOADS).as("the capture tests' quick-tier run reads by byte loads").isTrue();
    }
  }
}
