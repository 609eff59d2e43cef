package io.porthunter.capture;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test-side helpers: keep copies of the reused {@link Packet}, read byte arrays as files, show its
 * addresses as text.
 */
final class Decoded {
  private static final List<Field> FIELDS = Arrays.stream(Packet.class.getFields())
      .filter(f -> !Modifier.isStatic(f.getModifiers()))
      .collect(Collectors.toList());

  /** What one read produced. */
  record Result(CaptureSummary summary, List<Packet> packets) {}

  private Decoded() {}

  static Packet copyOf(Packet p) {
    Packet c = new Packet();
    try {
      for (Field f : FIELDS) {
        // the referred servers' arrays: the reused packet's own, overwritten by later referrals
        Object v = f.get(p);
        f.set(c, v instanceof long[] ? ((long[]) v).clone() : v);
      }
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    return c;
  }

  /** Every public field of the packet, for whole-packet comparisons. */
  static String describe(Packet p) {
    StringBuilder sb = new StringBuilder();
    try {
      for (Field f : FIELDS) {
        // arrays: the referred servers' addresses, of which a reused packet's first few are this one's
        Object v = f.get(p);
        v = v instanceof long[] ? Arrays.toString(Arrays.copyOf((long[]) v, p.dnsReferredServers)) : v;
        sb.append(f.getName()).append('=').append(v).append(' ');
      }
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    return sb.toString();
  }

  /** Text of the packet's source address ("" when it has none, as tshark leaves the column). */
  static String source(Packet p) {
    return p.ipVersion == 0 ? "" : IpText.format(p.srcHi, p.srcLo);
  }

  /** Text of the packet's destination address ("" when it has none). */
  static String destination(Packet p) {
    return p.ipVersion == 0 ? "" : IpText.format(p.dstHi, p.dstLo);
  }

  static Result read(Path file, ReadOptions options) throws IOException {
    List<Packet> packets = new ArrayList<>();
    CaptureSummary s = CaptureReader.read(file, p -> packets.add(copyOf(p)), options);
    return new Result(s, packets);
  }

  static Result read(Path dir, byte[] bytes) throws IOException {
    Path file = dir.resolve("capture.bin");
    Files.write(file, bytes);
    return read(file, ReadOptions.DEFAULT);
  }

  /** Decodes frames in order with one decoder (fragments reassemble across them), keeping copies. */
  static List<Packet> frames(int linkType, byte[]... frames) {
    FrameDecoder decoder = new FrameDecoder();
    List<Packet> out = new ArrayList<>();
    long ts = 1_700_000_000_000_000_000L;
    for (byte[] frame : frames) {
      Packet p = new Packet();
      p.clearDecoded();
      p.tsNanos = ts++;
      decoder.decode(frame, 0, frame.length, linkType, p);
      out.add(p);
    }
    return out;
  }

  /** Decodes one frame directly. */
  static Packet frame(byte[] frame, int linkType) {
    Packet p = new Packet();
    p.clearDecoded();
    new FrameDecoder().decode(frame, 0, frame.length, linkType, p);
    return p;
  }
}
