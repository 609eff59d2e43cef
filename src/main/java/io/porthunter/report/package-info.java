/**
 * Views over a capture's analysis, shaped as the contract's JSON: the overview, the suspect list, the
 * first scan event and each address's role. Shared by the MCP tools and the CLI; knows nothing of
 * MCP. One analysis per file version is kept ({@link io.porthunter.report.AnalysisCache}), and the
 * views made of it are kept with it ({@link io.porthunter.report.ViewMemo}): the same question gets
 * the same view object.
 */
package io.porthunter.report;
