package io.porthunter.detect;

/** TCP flag bits (RFC 9293, RFC 3168) and their letters as tshark and the labels write them. */
public final class TcpFlags {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;
  /** The six classic flags: ECN bits are negotiated noise for classifying probes. */
  public static final int CLASSIC = FIN | SYN | RST | PSH | ACK | URG;

  private static final String LETTERS = "FSRPAUEC";

  private TcpFlags() {}

  /** Letters in F S R P A U E C order; "" for no flags. */
  public static String letters(int flags) {
    StringBuilder b = new StringBuilder(8);
    for (int i = 0; i < LETTERS.length(); i++) {
      if ((flags & (1 << i)) != 0) {
        b.append(LETTERS.charAt(i));
      }
    }
    return b.toString();
  }
}
