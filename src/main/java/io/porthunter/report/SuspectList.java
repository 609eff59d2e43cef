package io.porthunter.report;

import java.util.List;

/**
 * {@code list_suspects}'s answer: the suspects listed, most suspicious first, and how many matched
 * the filters in all (more than listed when the list was cut at its length limit).
 */
public record SuspectList(List<Suspect> suspects, int total) {}
