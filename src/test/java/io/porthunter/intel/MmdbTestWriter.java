package io.porthunter.intel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tiny IPv4 MaxMind DB files (format spec 2.0: a binary search tree of 24-bit records, a
 * 16-byte separator, the data section, then the metadata after its marker) so tests can check how
 * user databases take precedence without shipping a real one.
 */
final class MmdbTestWriter {
  private static final byte[] METADATA_MARKER =
      concat(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF}, "MaxMind.com".getBytes(StandardCharsets.US_ASCII));
  private static final int RECORD_BYTES = 3;
  private static final int SEPARATOR_BYTES = 16;
  private static final int SIZE_ONE_EXTRA_BYTE = 29;
  private static final int MAX_BASIC_TYPE = 7;
  private static final int UINT64 = 9;
  private static final int ARRAY = 11;

  private final Map<String, Map<String, Object>> networks = new LinkedHashMap<>();

  /** Adds a network ("8.8.8.0/24") with its record. */
  MmdbTestWriter add(String cidr, Map<String, Object> record) {
    networks.put(cidr, record);
    return this;
  }

  void write(Path file, String databaseType) throws IOException {
    Node root = new Node();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, Map<String, Object>> e : networks.entrySet()) {
      String[] parts = e.getKey().split("/");
      byte[] address = InetAddress.getByName(parts[0]).getAddress();
      int offset = data.size();
      encode(data, e.getValue());
      insert(root, address, Integer.parseInt(parts[1]), offset);
    }
    List<Node> order = number(root);
    long nodeCount = order.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node n : order) {
      writeRecord(out, record(n.children[0], nodeCount));
      writeRecord(out, record(n.children[1], nodeCount));
    }
    out.write(new byte[SEPARATOR_BYTES]);
    data.writeTo(out);
    out.write(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", new U16(2));
    metadata.put("binary_format_minor_version", new U16(0));
    metadata.put("build_epoch", new U64(1_700_000_000L));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", "PortHunter test database"));
    metadata.put("ip_version", new U16(4));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", new U32(nodeCount));
    metadata.put("record_size", new U16(RECORD_BYTES * 8));
    encode(out, metadata);
    Files.write(file, out.toByteArray());
  }

  private static void insert(Node root, byte[] address, int bits, int dataOffset) {
    Node node = root;
    for (int i = 0; i < bits; i++) {
      int bit = (address[i / 8] >> (7 - i % 8)) & 1;
      if (i == bits - 1) {
        node.children[bit] = dataOffset;
      } else {
        if (!(node.children[bit] instanceof Node)) {
          node.children[bit] = new Node();
        }
        node = (Node) node.children[bit];
      }
    }
  }

  /** Breadth-first numbering: the root is node 0, as readers expect. */
  private static List<Node> number(Node root) {
    List<Node> order = new ArrayList<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      n.id = order.size();
      order.add(n);
      for (Object child : n.children) {
        if (child instanceof Node c) {
          queue.add(c);
        }
      }
    }
    return order;
  }

  private static long record(Object child, long nodeCount) {
    if (child instanceof Node n) {
      return n.id;
    }
    if (child instanceof Integer offset) {
      return nodeCount + SEPARATOR_BYTES + offset;
    }
    return nodeCount; // no data
  }

  private static void writeRecord(ByteArrayOutputStream out, long value) {
    for (int shift = (RECORD_BYTES - 1) * 8; shift >= 0; shift -= 8) {
      out.write((int) (value >> shift));
    }
  }

  private static void encode(ByteArrayOutputStream out, Object value) throws IOException {
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, utf8.length);
      out.write(utf8);
    } else if (value instanceof Double d) {
      control(out, 3, Double.BYTES);
      long bits = Double.doubleToLongBits(d);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >> shift));
      }
    } else if (value instanceof U16 u) {
      unsigned(out, 5, u.value, 2);
    } else if (value instanceof U32 u) {
      unsigned(out, 6, u.value, 4);
    } else if (value instanceof U64 u) {
      unsigned(out, UINT64, u.value, Long.BYTES);
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        encode(out, e.getKey());
        encode(out, e.getValue());
      }
    } else if (value instanceof List<?> list) {
      control(out, ARRAY, list.size());
      for (Object item : list) {
        encode(out, item);
      }
    } else {
      throw new IllegalArgumentException("cannot encode " + value);
    }
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
    int bytes = 0;
    while (bytes < maxBytes && (value >>> (8 * bytes)) != 0) {
      bytes++;
    }
    control(out, type, bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  /**
   * Control byte; types above 7 are "extended" (type bits 0, the type less 7 in the next byte), sizes
   * 29 to 284 take one extra byte (all these tests need).
   */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int typeBits = type > MAX_BASIC_TYPE ? 0 : type;
    int sizeBits = size < SIZE_ONE_EXTRA_BYTE ? size : SIZE_ONE_EXTRA_BYTE;
    if (size >= SIZE_ONE_EXTRA_BYTE + 256) {
      throw new IllegalArgumentException("test writer handles sizes up to 284 only: " + size);
    }
    out.write(typeBits << 5 | sizeBits);
    if (type > MAX_BASIC_TYPE) {
      out.write(type - MAX_BASIC_TYPE);
    }
    if (size >= SIZE_ONE_EXTRA_BYTE) {
      out.write(size - SIZE_ONE_EXTRA_BYTE);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Numbers the format stores as uint16 / uint32 (the reader checks metadata types). */
  record U16(long value) {}

  record U32(long value) {}

  record U64(long value) {}

  private static final class Node {
    final Object[] children = new Object[2]; // Node, Integer data offset, or null
    int id;
  }
}
