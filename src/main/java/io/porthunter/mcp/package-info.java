/**
 * Thin MCP wiring over the official Java SDK (stdio transport): {@link io.porthunter.mcp.ToolSchemas}
 * declares the five tools, {@link io.porthunter.mcp.PortHunterServer} routes calls through the
 * {@link io.porthunter.config.AccessGuard} into {@link io.porthunter.tools.PortHunterTools}, which
 * shapes every answer — success or failure — as the contract's JSON ({@code ok}, {@code
 * generated_at}). Handlers never throw (the SDK would turn that into a JSON-RPC error) and run
 * concurrently, so everything here is stateless or thread-safe. {@link
 * io.porthunter.mcp.JsonLineFilter} keeps one bad stdin line from ending the session, and
 * {@link io.porthunter.mcp.Cancellations} uses it to deliver {@code notifications/cancelled}, which
 * the SDK drops, to the running analysis. {@link io.porthunter.mcp.Unanswered} keeps the process
 * alive after stdin closes until every request read is answered and written. {@link
 * io.porthunter.mcp.RenderedAnswers} checks and serialises each view's answer once, so calls about
 * a capture already analysed cost a lookup.
 */
package io.porthunter.mcp;
