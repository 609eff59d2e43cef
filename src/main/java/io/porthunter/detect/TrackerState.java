package io.porthunter.detect;

import java.util.List;

/** What a finished pass hands to the judge: every source's state and the cost of the bounds. */
record TrackerState(AddressMap<SourceState> sources, StateBudget budget) {

  /** Folds the partitions of one capture into the state a single tracker would have built. */
  static TrackerState merge(List<TrackerState> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    AddressMap<SourceState> sources = new AddressMap<>();
    StateBudget budget = new StateBudget();
    for (TrackerState part : parts) {
      budget.add(part.budget());
      for (SourceState s : part.sources().values()) {
        SourceState into = sources.get(s.hi, s.lo);
        if (into == null) {
          sources.add(s.hi, s.lo, s);
        } else {
          into.merge(s);
        }
      }
    }
    return new TrackerState(sources, budget);
  }
}
