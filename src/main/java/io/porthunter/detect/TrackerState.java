package io.porthunter.detect;

/** What a finished pass hands to the judge: every source's state and the cost of the bounds. */
record TrackerState(AddressMap<SourceState> sources, StateBudget budget) {}
