/**
 * Views over a capture's analysis, shaped as the contract's JSON: the overview, the suspect list, the
 * first scan event and each address's role. Shared by the MCP tools and the CLI; knows nothing of
 * MCP.
 */
package io.porthunter.report;
