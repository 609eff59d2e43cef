/**
 * The five contract operations, shared by the MCP server and the command line, and nothing of
 * either: {@link io.porthunter.tools.PortHunterTools} validates each call's arguments, asks the
 * reports and the intel, and shapes every answer, success or failure, as the contract's JSON
 * ({@code ok} first, {@code generated_at} last; failures as error codes, never stack traces).
 * {@link io.porthunter.tools.ResultJson} is the one way results become JSON, so the command line
 * prints what the server sends; {@link io.porthunter.tools.ProgressThrottle} keeps progress updates
 * to a few a second for either.
 */
package io.porthunter.tools;
