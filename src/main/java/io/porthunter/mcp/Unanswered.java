package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the end of input waits for: requests handed to the SDK and not answered yet, and messages
 * handed to the transport and not written yet. The SDK's stdio transport stops writing once it sees
 * the end of input, so an answer on its way out then was lost: a client that sends a request and
 * closes its side (a pipe, a script) got nothing. Until the client sends {@code
 * notifications/initialized}, the SDK holds requests for the methods it serves back (it answers
 * {@code initialize} and methods it does not know at once), so only {@code initialize} is awaited
 * until then and the others from then on, less any answered meanwhile. Thread-safe.
 */
final class Unanswered {
  private static final String INITIALIZED = McpSchema.METHOD_NOTIFICATION_INITIALIZED;

  /** Requests awaiting their answer: id (a String, or a Long for any integer) → how many. */
  private final Map<Object, Integer> awaited = new HashMap<>();
  /** The sum of {@link #awaited}'s counts. */
  private int awaitedTotal;
  /** Requests the SDK holds until the session is initialised. */
  private final List<Object> held = new ArrayList<>();
  private boolean initialized;
  /** Messages handed to the transport, and written out by it (it flushes once per message). */
  private long handedOver;
  private long written;
  private boolean outputBroken;

  /** A message as the SDK is handed it: a request is awaited (or held, before initialisation). */
  synchronized void passedOn(ObjectNode message) {
    String method = message.path("method").asString(null);
    if (INITIALIZED.equals(method) && !message.has("id")) { // with an id, the SDK takes it for a request
      initialized = true;
      held.forEach(this::await);
      held.clear();
      return;
    }
    Object id = JsonLineFilter.requestId(message);
    if (method == null || id == null) {
      return; // a response or a notification: nothing answers it
    }
    if (initialized || McpSchema.METHOD_INITIALIZE.equals(method)) {
      await(id);
    } else {
      held.add(key(id));
    }
  }

  private void await(Object id) {
    awaited.merge(key(id), 1, Integer::sum);
    awaitedTotal++;
  }

  /**
   * An answer of our own about to be sent (to a request the filter refused, which the SDK never saw):
   * awaited like a request from now until it is handed over and written.
   */
  synchronized void replying(JSONRPCMessage message) {
    if (message instanceof JSONRPCResponse response && response.id() != null) {
      await(response.id());
    }
  }

  /** A message handed to the transport; a response answers its request. */
  synchronized void handedOver(JSONRPCMessage message) {
    handedOver++;
    if (message instanceof JSONRPCResponse response) {
      Object id = key(response.id());
      Integer waiting = awaited.get(id);
      if (waiting == null) {
        held.remove(id); // answered before initialisation (an unknown method): the SDK did not hold it
      } else {
        if (waiting == 1) {
          awaited.remove(id);
        } else {
          awaited.put(id, waiting - 1);
        }
        awaitedTotal--;
      }
    }
    notifyAll();
  }

  /** The transport wrote a message out (or gave up on one: it will not be written). */
  synchronized void written() {
    written++;
    notifyAll();
  }

  /** Writing failed: nothing more will reach the client, so nothing is worth waiting for. */
  synchronized void outputBroken() {
    outputBroken = true;
    notifyAll();
  }

  /** Requests awaiting an answer. */
  synchronized int count() {
    return awaitedTotal;
  }

  /**
   * Before a request is passed on: waits while {@code max} requests await their answer or answers
   * their writing, so that a client sending calls without reading the answers stops being read
   * (its pipe fills, its writes wait) instead of filling the heap with answers it does not take.
   * A notification does not wait for room itself, but one sent after a waiting request is read only
   * once that request is passed on. Requests the SDK holds until initialisation are not counted:
   * waiting on them would keep the notification that releases them from being read.
   */
  synchronized void awaitRoom(ObjectNode message, int max) throws InterruptedException {
    if (!message.has("method") || JsonLineFilter.requestId(message) == null) {
      return; // a notification (a cancellation frees room) or a response
    }
    while (!outputBroken && awaitedTotal + (handedOver - written) >= max) {
      wait();
    }
  }

  /** Waits until every awaited request is answered and written, or the timeout passes; true when done. */
  synchronized boolean awaitNone(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!outputBroken && (!awaited.isEmpty() || written < handedOver)) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
      if (leftMillis <= 0) {
        return false;
      }
      wait(leftMillis);
    }
    return true;
  }

  /** Ids as the filter reads them (String, Long) and as the SDK answers them (String, Integer, Long). */
  private static Object key(Object id) {
    return id instanceof Number n ? (Object) n.longValue() : id;
  }
}
