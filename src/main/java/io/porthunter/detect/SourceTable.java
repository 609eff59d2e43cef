package io.porthunter.detect;

import java.util.function.Predicate;

/**
 * The sources one tracker keeps state for, bounded by {@link DetectionSettings#maxSources}. When the
 * table is full, a new address first makes room by forgetting the sources with the fewest concluded
 * contacts ({@link #sweep}); when nothing can go, its packets are counted as from an untracked source.
 */
final class SourceTable {
  /**
   * A sweep that frees less than this share of the table marks it full: the next sweep waits until
   * as many packets from untracked sources have come, so a full table of busy sources costs each new
   * address a constant share of a sweep, not a whole one ...
   */
  private static final int MIN_FREED_DIVISOR = 8;
  /**
   * ... or until a sweep period of capture time has passed and this share of the table's size in
   * untracked packets has come: a scanner arriving late, one probe at a time, is not shut out for long.
   */
  private static final int TIMED_DIVISOR = 1024;

  private final long sweepPeriodNanos;
  private final int maxSources;
  private final int minFailedContacts;
  private final StateBudget budget;
  private final AddressMap<SourceState> sources = new AddressMap<>();
  private boolean full;
  /** Packets from untracked sources since the last sweep, and when that sweep was. */
  private long untrackedSinceSweep;
  private long lastSweepTs = Long.MIN_VALUE;
  /** Contacts the sources forgotten so far had kept. */
  private long contactsForgotten;

  SourceTable(DetectionSettings settings, StateBudget budget, long sweepPeriodNanos) {
    this.sweepPeriodNanos = sweepPeriodNanos;
    this.maxSources = settings.maxSources();
    this.minFailedContacts = settings.minFailedContacts();
    this.budget = budget;
  }

  /**
   * The state of the source at (hi, lo), made when it is new; null when the table is full of sources
   * that cannot go, its packet then counted as untracked. {@code now} is the capture's clock.
   */
  SourceState get(long hi, long lo, long now) {
    SourceState s = sources.get(hi, lo);
    if (s != null) {
      return s;
    }
    if (sources.size() >= maxSources) {
      boolean periodOver = now >= lastSweepTs + sweepPeriodNanos;
      if (!full || untrackedSinceSweep >= maxSources / MIN_FREED_DIVISOR
          || (periodOver && untrackedSinceSweep >= maxSources / TIMED_DIVISOR)) {
        sweep(now);
      }
      if (sources.size() >= maxSources) {
        budget.packetsFromUntrackedSources++;
        untrackedSinceSweep++;
        return null;
      }
    }
    s = new SourceState(hi, lo);
    sources.add(hi, lo, s);
    return s;
  }

  int size() {
    return sources.size();
  }

  /** Contacts kept by sources this table has forgotten, which no longer count against a bound. */
  long contactsForgotten() {
    return contactsForgotten;
  }

  /** Every source kept, for judging once the pass is over. */
  AddressMap<SourceState> all() {
    return sources;
  }

  /**
   * Drops the sources with the fewest concluded contacts: at most one (a spoofed flood's, servers
   * that only answer, clients of one service), and when that frees too little, at most two, and so
   * on below {@code minFailedContacts}, what a verdict needs (a flood spoofing each source twice
   * would otherwise fill the table for good); first those that failed nowhere with nothing still
   * open ({@link SourceState#failedNowhere}), then the others (a slow scanner's few failures outlive
   * the clients of a busy service, which come and go by the thousand, while a scanner whose probes are
   * still open is no client yet). When that still frees too little, every source that failed nowhere
   * goes, however many contacts it has (a day's capture of a border, where every client used five
   * services or more, would otherwise shut out every later source, a scanner's included). A source
   * dropped too early is made again when its next conversation concludes.
   */
  private void sweep(long now) {
    untrackedSinceSweep = 0;
    lastSweepTs = now;
    int enough = maxSources / MIN_FREED_DIVISOR;
    int dropped = 0;
    int below = Math.max(2, minFailedContacts);
    for (int most = 1; most < below && dropped < enough; most++) {
      int fewest = most;
      dropped += forget(s -> s.contacts.size() <= fewest && s.failedNowhere());
    }
    for (int most = 1; most < below && dropped < enough; most++) {
      int fewest = most;
      dropped += forget(s -> s.contacts.size() <= fewest);
    }
    if (dropped < enough) {
      dropped += forget(SourceState::failedNowhere);
    }
    budget.sourcesDropped += dropped;
    // When little could go, stop sweeping on every new source for a while.
    full = dropped < enough;
  }

  private int forget(Predicate<SourceState> condemned) {
    return sources.removeIf(s -> {
      boolean forget = condemned.test(s);
      if (forget) {
        contactsForgotten += s.contacts.size();
        s.release();
      }
      return forget;
    });
  }
}
