/**
 * Settings from the environment and the checks every request passes before any byte of a capture is
 * read: {@link io.porthunter.config.Settings} (validated once at start-up),
 * {@link io.porthunter.config.AccessGuard} (token, path, file type, size — in that order, so an
 * unauthenticated caller learns nothing of the file system) and the {@link
 * io.porthunter.config.ErrorCode}s refusals carry. Knows nothing of MCP, so the command line shares
 * the file rules.
 */
package io.porthunter.config;
