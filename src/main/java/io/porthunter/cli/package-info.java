/**
 * The command line (picocli): {@code serve} starts the MCP server on stdio with stdout reserved for
 * JSON-RPC; the analysis commands run the same operations as the tools on the user's own files (no
 * token or allowed-directory check — it is the user's shell — but the same size limit and error
 * codes) and print the same JSON, or with {@code --format text} a summary to read ({@link
 * io.porthunter.cli.TextReport}). {@link io.porthunter.cli.PortHunterCli.Services} is the one place
 * the real analysis and enrichment are plugged in for them; {@code evaluate} always scores the real
 * detector, under the same settings (size limit, workers).
 */
package io.porthunter.cli;
