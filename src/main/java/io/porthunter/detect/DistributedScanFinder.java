package io.porthunter.detect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Distributed scans: one scan split among several sources, each probing its own share of a target's
 * ports ({@link DetectionSettings#distributedMinSources}, {@link DetectionSettings#distributedMaxOverlap}).
 */
final class DistributedScanFinder {
  private final DetectionSettings settings;

  DistributedScanFinder(DetectionSettings settings) {
    this.settings = settings;
  }

  /** Targets probed by several scanners whose port sets barely overlap: one scan, split. */
  List<DistributedScan> find(List<TargetEntry> targets) {
    List<DistributedScan> out = new ArrayList<>();
    for (TargetEntry target : targets) {
      if (target.scanners().size() < settings.distributedMinSources()) {
        continue;
      }
      List<Integer> candidates = new ArrayList<>();
      for (int i = 0; i < target.perScanner().size(); i++) {
        if (target.perScanner().get(i).portsProbed() >= settings.minFailedContacts()) {
          candidates.add(i);
        }
      }
      if (candidates.size() < settings.distributedMinSources()) {
        continue;
      }
      if (candidates.size() > settings.distributedMaxSources()) {
        // Those with the most ports on the target (stable: among equals, the higher-ranked scanner),
        // then back in listing order.
        candidates.sort(Comparator.comparingInt(i -> -target.perScanner().get(i).portsProbed()));
        candidates = new ArrayList<>(candidates.subList(0, settings.distributedMaxSources()));
        candidates.sort(null);
      }
      List<String> names = new ArrayList<>();
      List<RoaringBitmap> sets = new ArrayList<>();
      for (int i : candidates) {
        names.add(target.scanners().get(i));
        sets.add(target.perScanner().get(i).allPorts());
      }
      double maxOverlap = maxOverlap(sets);
      if (maxOverlap <= settings.distributedMaxOverlap()) {
        RoaringBitmap union = new RoaringBitmap();
        sets.forEach(union::or);
        out.add(new DistributedScan(target.all().ip(), List.copyOf(names), union.getCardinality(), maxOverlap));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The largest overlap (Jaccard) of two of the sets, or as soon as one pair overlaps more than a
   * distributed scan may: the answer is then "not distributed" whatever the other pairs show.
   */
  private double maxOverlap(List<RoaringBitmap> sets) {
    double max = 0;
    for (int i = 0; i < sets.size(); i++) {
      for (int j = i + 1; j < sets.size(); j++) {
        double inter = RoaringBitmap.andCardinality(sets.get(i), sets.get(j));
        double uni = RoaringBitmap.orCardinality(sets.get(i), sets.get(j));
        max = Math.max(max, uni == 0 ? 0 : inter / uni);
        if (max > settings.distributedMaxOverlap()) {
          return max;
        }
      }
    }
    return max;
  }
}
