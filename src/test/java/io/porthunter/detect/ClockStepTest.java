package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracker's clock when the capture's is not monotonic: a step back (a clock set back, files
 * concatenated out of order) or one misdated frame must not conclude conversations before their
 * answers come, which would make a busy server's replies look like probes.
 */
class ClockStepTest {
  private static final String SERVER = "203.0.113.11";
  private static final int CLIENTS = 600;
  /** A small table, so that conversations piling up behind a stuck clock fill it within the test. */
  private static final DetectionSettings SMALL_TABLE = DetectionSettings.DEFAULTS.withBounds(64,
      DetectionSettings.DEFAULTS.maxSources(), DetectionSettings.DEFAULTS.maxContactsPerSource(),
      DetectionSettings.DEFAULTS.maxContacts());

  private static ScanAnalysis judge(Consumer<Wire> traffic) {
    ConversationTracker tracker = new ConversationTracker(SMALL_TABLE);
    traffic.accept(new Wire(tracker));
    return Wire.judge(SMALL_TABLE, tracker.finish());
  }

  private static String client(int i) {
    return "11.4." + (i / 250) + "." + (1 + i % 250);
  }

  /** Client i's query to SERVER's udp/443 at {@code at} seconds; the previous client's answer 5 ms later. */
  private static void exchange(Wire w, int i, double at) {
    w.at(at);
    w.udp(client(i), 40000 + i, SERVER, 443, 1200);
    if (i > 0) {
      w.at(at + 0.005);
      w.udp(SERVER, 443, client(i - 1), 40000 + i - 1, 1200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"step back an hour", "one frame a year ahead", "one frame a year behind"})
  void aBusyServersRepliesStayAnswersWhenTheCapturesClockJumps(String jump) {
    ScanAnalysis a = judge(w -> {
      for (int i = 0; i < CLIENTS; i++) {
        double at = 1000 + i * 0.01;
        if (jump.startsWith("step") && i >= CLIENTS / 2) {
          at -= 3600;
        }
        exchange(w, i, at);
        if (i == CLIENTS / 2 && !jump.startsWith("step")) {
          double year = 365 * 86400.0;
          w.at(jump.contains("ahead") ? at + year : at - year); // one query, misdated
          w.udp("11.9.0.1", 40000, SERVER, 443, 1200);
        }
      }
    });
    assertThat(a.scanners()).isEmpty();
  }

  @Test
  void framesSaturatedAtTheEndOfTimeLeaveTheClockWhereItWas() {
    // two frames a hostile file dates past 2262 (saturated to the last nanosecond a long holds): the
    // clock stays with the other packets, so conversations still go idle on time and a small table
    // never fills (pinned to the end, the clock left none idle and swept on every packet)
    ConversationTracker tracker = new ConversationTracker(SMALL_TABLE);
    Wire w = new Wire(tracker);
    exchange(w, 0, 1000);
    for (int i = 0; i < 2; i++) {
      w.ts = Long.MAX_VALUE;
      w.udp("11.9.0.1", 40000 + i, SERVER, 443, 1200);
    }
    for (int i = 1; i < 1000; i++) {
      exchange(w, i, 1000 + i * 0.2);
    }
    ScanAnalysis a = Wire.judge(SMALL_TABLE, tracker.finish());
    assertThat(a.scanners()).isEmpty();
    assertThat(a.cost().flowsConcludedEarly()).isZero();
  }
}
