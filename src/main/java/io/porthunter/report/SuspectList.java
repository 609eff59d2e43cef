package io.porthunter.report;

import java.util.List;

/**
 * {@code list_suspects}'s answer: the suspects listed, most suspicious first, how many matched the
 * filters in all (more than listed when the list was cut at its length limit), and whether the
 * analysis hit a memory bound (the overview's {@code state_dropped} says which): then some scanners
 * may not have been judged or kept at all.
 */
public record SuspectList(List<Suspect> suspects, int total, boolean stateCapped) {}
