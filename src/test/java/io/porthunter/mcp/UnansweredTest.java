package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class UnansweredTest {
  private final Unanswered unanswered = new Unanswered();

  private static ObjectNode message(String json) {
    return (ObjectNode) JsonMapper.shared().readTree(json);
  }

  private static ObjectNode request(String id, String method) {
    return message("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"}");
  }

  private static JSONRPCResponse answer(Object id) {
    return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, Map.of(), null);
  }

  private void initialised() {
    unanswered.passedOn(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
  }

  /** Hands the message over and has the transport write it, as the server's output does. */
  private void send(McpSchema.JSONRPCMessage m) {
    unanswered.handedOver(m);
    unanswered.written();
  }

  @Test
  void aRequestIsAwaitedUntilItsAnswerIsWritten() throws Exception {
    initialised();
    unanswered.passedOn(request("7", "tools/call"));
    unanswered.passedOn(request("\"seven\"", "ping"));
    assertThat(unanswered.count()).isEqualTo(2);
    assertThat(unanswered.awaitNone(50)).isFalse();

    send(answer(7)); // the SDK answers integer ids with an Integer
    unanswered.handedOver(answer("seven"));
    assertThat(unanswered.count()).isZero();
    assertThat(unanswered.awaitNone(50)).as("handed over, not yet written").isFalse();
    Thread writer = new Thread(() -> {
      sleepQuietly(100);
      unanswered.written();
    });
    writer.start();
    assertThat(unanswered.awaitNone(10_000)).isTrue();
    writer.join();
  }

  @Test
  void aRequestWaitsForRoomWhileTheLimitAwaitTheirAnswersOrTheirWriting() throws Exception {
    initialised();
    unanswered.passedOn(request("1", "tools/call"));
    unanswered.passedOn(request("2", "tools/call"));
    // a notification never waits (a cancellation frees room), nor does a response
    unanswered.awaitRoom(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}"), 2);
    unanswered.awaitRoom(message("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}"), 2);
    Thread reader = new Thread(() -> {
      try {
        unanswered.awaitRoom(request("3", "tools/call"), 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    reader.start();
    reader.join(200);
    assertThat(reader.isAlive()).as("two await their answers").isTrue();
    unanswered.handedOver(answer(1));
    reader.join(200);
    assertThat(reader.isAlive()).as("one answered, not yet written").isTrue();
    unanswered.written();
    reader.join(10_000);
    assertThat(reader.isAlive()).as("room for one more").isFalse();
  }

  @Test
  void beforeInitialisationOnlyInitializeIsAwaitedAndTheHeldRequestsAfter() throws Exception {
    unanswered.passedOn(request("1", "initialize"));
    unanswered.passedOn(request("2", "tools/list")); // the SDK holds it until initialised
    assertThat(unanswered.count()).isEqualTo(1);
    send(answer(1));
    assertThat(unanswered.awaitNone(10_000)).as("never initialised: the held request is never answered").isTrue();
    initialised();
    assertThat(unanswered.count()).isEqualTo(1);
    send(answer(2L));
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  @Test
  void aRequestAnsweredBeforeInitialisationIsNotAwaitedOnceInitialised() throws Exception {
    unanswered.passedOn(request("1", "initialize"));
    unanswered.passedOn(request("5", "no/such/method")); // the SDK answers -32601 at once
    unanswered.passedOn(request("6", "tools/list")); // held until initialised
    send(answer(1));
    send(answer(5));
    initialised();
    assertThat(unanswered.count()).as("tools/list only").isEqualTo(1);
    send(answer(6));
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  @Test
  void initializedSentAsARequestDoesNotInitialise() throws Exception {
    unanswered.passedOn(request("1", "notifications/initialized"));
    unanswered.passedOn(request("2", "tools/call")); // still held by the SDK
    assertThat(unanswered.count()).isZero();
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  @Test
  void notificationsResponsesAndIdsNoAnswerCanCarryAreNotAwaited() throws Exception {
    initialised();
    unanswered.passedOn(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}"));
    unanswered.passedOn(message("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"));
    unanswered.passedOn(request("1.5", "ping"));
    assertThat(unanswered.count()).isZero();
    send(new JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/message", Map.of()));
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  @Test
  void twoRequestsWithOneIdNeedTwoAnswers() {
    initialised();
    unanswered.passedOn(request("4", "ping"));
    unanswered.passedOn(request("4", "ping"));
    send(answer(4));
    assertThat(unanswered.count()).isEqualTo(1);
  }

  @Test
  void aReplyOfOurOwnIsAwaitedFromTheMomentItIsDecided() throws Exception {
    unanswered.replying(answer("refused"));
    assertThat(unanswered.count()).isEqualTo(1);
    assertThat(unanswered.awaitNone(50)).isFalse();
    send(answer("refused"));
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  @Test
  void aBrokenOutputEndsTheWait() throws Exception {
    initialised();
    unanswered.passedOn(request("5", "ping"));
    unanswered.outputBroken();
    assertThat(unanswered.awaitNone(10_000)).isTrue();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
