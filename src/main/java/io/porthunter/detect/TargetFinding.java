package io.porthunter.detect;

import java.util.List;

/**
 * What one scanner learned about one target, ports written "tcp/22"; runs of three or more
 * consecutive ports in the closed/filtered/unfiltered lists are written as ranges ("tcp/1-20").
 * {@code answered}: the host answered at least one probe (see {@link HostFindings#answered}).
 */
public record TargetFinding(String ip, long probes, int portsProbed, List<String> open, List<String> closed,
    List<String> filtered, List<String> unfiltered, boolean answered) {}
