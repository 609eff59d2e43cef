import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Yardstick for bench/bench.sh: the performance issue's "minimal hand-written Java loop" that counts
 * SYNs per source, the Java twin of syn_count.c (same reads, same output). The file is mapped in
 * windows of up to 1 GiB (a mapping is at most 2 GiB), each starting at a record; the system
 * property {@code syncount.window} sets a smaller window, so that a test crosses many on a small
 * file. Classic little-endian Ethernet pcap only; anything else exits 2.
 */
public final class SynCount {
  private static final int SLOTS = 1 << 22;
  private static final long WINDOW = Long.getLong("syncount.window", 1L << 30);

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java SynCount FILE.pcap");
      System.exit(2);
    }
    int[] sources = new int[SLOTS];
    int[] syns = new int[SLOTS];
    long packets = 0;
    long synCount = 0;
    long distinct = 0;
    try (FileChannel channel = FileChannel.open(Path.of(args[0]))) {
      long size = channel.size();
      MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(24, size));
      header.order(ByteOrder.LITTLE_ENDIAN);
      if (size < 24 || header.getInt(0) != 0xa1b2c3d4 || header.getInt(20) != 1) {
        System.err.println("SynCount: not a little-endian microsecond Ethernet pcap");
        System.exit(2);
      }
      long windowStart = 24;
      while (windowStart + 16 <= size) {
        int length = (int) Math.min(WINDOW, size - windowStart);
        MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, length);
        m.order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at + 16 <= length) {
          int captured = m.getInt(at + 8);
          if (captured < 0 || at + 16L + captured > length) {
            break; // the record goes on past this window (or past the file's end)
          }
          int frame = at + 16;
          at = frame + captured;
          packets++;
          if (captured < 54 || m.get(frame + 12) != 0x08 || m.get(frame + 13) != 0x00) {
            continue;
          }
          int ip = frame + 14;
          int versionAndLength = m.get(ip) & 0xff;
          int ipHeader = (versionAndLength & 15) * 4;
          if (versionAndLength >> 4 != 4 || m.get(ip + 9) != 6 || 14 + ipHeader + 14 > captured) {
            continue;
          }
          if ((m.get(ip + ipHeader + 13) & 0x12) != 0x02) { // SYN without ACK
            continue;
          }
          synCount++;
          if (distinct == SLOTS / 2) {
            continue; // keep the table half free: count SYNs only from here on
          }
          int source = Integer.reverseBytes(m.getInt(ip + 12)); // as syn_count.c reads it
          int slot = (source * 0x9E3779B1) >>> 10;
          while (syns[slot] != 0 && sources[slot] != source) {
            slot = (slot + 1) & (SLOTS - 1);
          }
          distinct += syns[slot] == 0 ? 1 : 0;
          sources[slot] = source;
          syns[slot]++;
        }
        if (at == 0) {
          break; // a record larger than a window: not a file this yardstick reads
        }
        windowStart += at;
      }
    }
    System.out.println(packets + " packets, " + synCount + " SYNs from " + distinct + " sources");
  }
}
