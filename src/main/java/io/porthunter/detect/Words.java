package io.porthunter.detect;

/** Counts in words, for verdicts' reasons and tools' evidence. */
final class Words {
  private Words() {}

  /** "1 host", "2 hosts". */
  static String counted(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
