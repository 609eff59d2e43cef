package io.porthunter.evaluate;

import io.porthunter.detect.ScanAnalysis;
import io.porthunter.detect.ScannerVerdict;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.DefaultScanReports;
import io.porthunter.report.FirstEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the detector over every capture named in a folder's {@code labels.json} and compares. Window
 * scans are scored as ACK scans: the probes are identical on the wire.
 */
public final class CorpusEvaluator {
  private final DefaultScanReports reports;
  private final AnalysisControl control;

  /** Reads each capture under {@code control} (its size limit). */
  public CorpusEvaluator(DefaultScanReports reports, AnalysisControl control) {
    this.reports = reports;
    this.control = control;
  }

  public Evaluation evaluate(Path folder) throws IOException {
    Path labelsFile = folder.resolve("labels.json");
    if (!Files.isRegularFile(labelsFile)) {
      throw new IOException("no labels.json in " + folder);
    }
    JsonNode labels = JsonMapper.builder().build().readTree(labelsFile.toFile());
    Tally t = new Tally();
    for (JsonNode label : labels) {
      evaluateOne(folder, label, t);
    }
    Map<String, Evaluation.TechniqueScore> techniques = new TreeMap<>();
    t.techniques.forEach((name, c) -> techniques.put(name, Evaluation.TechniqueScore.of(c.tp, c.fp, c.fn)));
    return new Evaluation(t.captures, t.labelled, t.found, t.falsePositives, t.benignFlagged, techniques, t.pattern.ratio(), t.firstEvent.ratio(), t.tool.ratio(), t.packets.ratio(),
        List.copyOf(t.mismatches));
  }

  private void evaluateOne(Path folder, JsonNode label, Tally t) throws IOException {
    String file = label.get("file").asString();
    Path capture = folder.resolve(file);
    ScanAnalysis a;
    try {
      a = reports.analysis(capture, control);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e); // which of the corpus's captures
    }
    t.captures++;
    t.packets.add(a.capture().records() == label.path("packets").asLong(-1), file + ": packet count "
        + a.capture().records() + " vs " + label.path("packets").asLong(-1));
    Map<String, ScannerVerdict> flagged = new HashMap<>();
    a.scanners().forEach(v -> flagged.put(v.ip(), v));
    Set<String> benign = new HashSet<>();
    label.path("benign").forEach(b -> benign.add(b.asString()));
    Set<String> labelled = new HashSet<>();
    for (JsonNode s : label.get("scanners")) {
      String ip = s.get("ip").asString();
      labelled.add(ip);
      t.labelled++;
      Set<String> expected = new HashSet<>();
      s.get("techniques").forEach(x -> expected.add(x.asString().equals("window") ? "ack" : x.asString()));
      ScannerVerdict v = flagged.get(ip);
      if (v == null) {
        t.mismatches.add(file + ": scanner " + ip + " not found");
        expected.forEach(x -> t.technique(x).fn++);
        t.pattern.add(false, null);
        t.tool.add(false, null);
        continue;
      }
      t.found++;
      Set<String> got = new HashSet<>(v.techniques());
      for (String x : expected) {
        if (got.contains(x)) {
          t.technique(x).tp++;
        } else {
          t.technique(x).fn++;
          t.mismatches.add(file + ": " + ip + " technique " + x + " missed (got " + got + ")");
        }
      }
      for (String x : got) {
        if (!expected.contains(x)) {
          t.technique(x).fp++;
          t.mismatches.add(file + ": " + ip + " technique " + x + " not labelled");
        }
      }
      String pattern = s.get("pattern").asString();
      t.pattern.add(pattern.equals(v.pattern()), file + ": " + ip + " pattern " + v.pattern() + " vs " + pattern);
      String tool = s.get("tool").asString().split(" ")[0];
      t.tool.add(tool.equals(v.tool().name()), file + ": " + ip + " tool " + v.tool().name() + " vs " + tool);
    }
    for (ScannerVerdict v : a.scanners()) {
      if (!labelled.contains(v.ip())) {
        t.falsePositives++;
        v.techniques().forEach(x -> t.technique(x).fp++);
        if (benign.contains(v.ip())) {
          t.benignFlagged++;
        }
        t.mismatches.add(file + ": " + v.ip() + " flagged but not labelled a scanner");
      }
    }
    JsonNode earliest = null;
    for (JsonNode s : label.get("scanners")) {
      if (earliest == null || s.get("first_probe").get("ts").asString()
          .compareTo(earliest.get("first_probe").get("ts").asString()) < 0) {
        earliest = s;
      }
    }
    FirstEvent event = reports.firstEvent(capture, control).view();
    boolean right = earliest == null ? event == null
        : event != null && event.src().equals(earliest.get("ip").asString())
            && sameProbe(event, earliest.get("first_probe"));
    t.firstEvent.add(right, file + ": first event " + event);
  }

  private static boolean sameProbe(FirstEvent e, JsonNode probe) {
    Integer port = probe.get("port").isNull() ? null : probe.get("port").asInt();
    return e.ts().equals(probe.get("ts").asString()) && e.dst().equals(probe.get("dst").asString())
        && Objects.equals(e.port(), port);
  }

  /** Running counts while walking the labels. */
  private static final class Tally {
    int captures;
    int labelled;
    int found;
    int falsePositives;
    int benignFlagged;
    final Map<String, Counts> techniques = new HashMap<>();
    final Fraction pattern = new Fraction(this);
    final Fraction firstEvent = new Fraction(this);
    final Fraction tool = new Fraction(this);
    final Fraction packets = new Fraction(this);
    final List<String> mismatches = new ArrayList<>();

    Counts technique(String name) {
      return techniques.computeIfAbsent(name, k -> new Counts());
    }
  }

  /** True positives, false positives and false negatives of one technique. */
  private static final class Counts {
    int tp;
    int fp;
    int fn;
  }

  /** A right/total ratio that records what went wrong. */
  private static final class Fraction {
    private final Tally owner;
    int right;
    int total;

    Fraction(Tally owner) {
      this.owner = owner;
    }

    void add(boolean ok, String whenWrong) {
      total++;
      if (ok) {
        right++;
      } else if (whenWrong != null) {
        owner.mismatches.add(whenWrong);
      }
    }

    Evaluation.Ratio ratio() {
      return Evaluation.Ratio.of(right, total);
    }
  }
}
