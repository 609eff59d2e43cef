/**
 * Scores the detector against a labelled corpus (a folder with {@code labels.json} in the format of
 * the shared capture corpus): scanners found and missed, false positives, per-technique precision
 * and recall, pattern, first-event and tool accuracy. Used by {@code porthunter evaluate} and by the
 * tests that require every label to be reproduced.
 */
package io.porthunter.evaluate;
