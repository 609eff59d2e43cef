package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CancellationsTest {
  final Cancellations cancellations = new Cancellations(Set.of("scan_overview"));

  private static ObjectNode message(String json) {
    return (ObjectNode) JsonMapper.shared().readTree(json);
  }

  private static ObjectNode call(String id) {
    return message("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\",\"arguments\":{},\"_meta\":{\"progressToken\":7,\"" + Cancellations.REQUEST_ID_META
        + "\":\"forged\"}}}");
  }

  private static ObjectNode cancel(String id) {
    return message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
        + ",\"reason\":\"user\"}}");
  }

  /** The _meta the SDK would hand the handler after reading the tagged message. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> metaOf(ObjectNode tagged) throws Exception {
    Map<String, Object> params = (Map<String, Object>) PlainJson.parse(tagged.toString()).get("params");
    return (Map<String, Object>) params.get("_meta");
  }

  @Test
  void aToolCallIsTaggedWithItsIdKeepingOtherMeta() throws Exception {
    ObjectNode original = call("42");
    ObjectNode tagged = cancellations.apply(original);
    assertThat(tagged).isNotSameAs(original);
    assertThat(original.path("params").path("_meta").path(Cancellations.REQUEST_ID_META).asString()).isEqualTo("forged");
    assertThat(metaOf(tagged)).containsEntry("progressToken", 7).containsEntry(Cancellations.REQUEST_ID_META, 42);
    assertThat(cancellations.inFlightCount()).isEqualTo(1);
  }

  @Test
  void cancellingRaisesTheFlagOfThatRequestOnly() throws Exception {
    Map<String, Object> first = metaOf(cancellations.apply(call("\"a-1\"")));
    Map<String, Object> second = metaOf(cancellations.apply(call("2")));
    BooleanSupplier firstFlag = cancellations.flagFor(first);
    BooleanSupplier secondFlag = cancellations.flagFor(second);
    assertThat(cancellations.apply(cancel("\"a-1\""))).as("consumed").isNull();
    assertThat(firstFlag.getAsBoolean()).isTrue();
    assertThat(secondFlag.getAsBoolean()).isFalse();
  }

  @Test
  void releasedCallsAreForgottenAndLateCancellationsIgnored() throws Exception {
    Map<String, Object> meta = metaOf(cancellations.apply(call("5")));
    cancellations.release(meta);
    assertThat(cancellations.inFlightCount()).isZero();
    assertThat(cancellations.apply(cancel("5"))).isNull();
    assertThat(cancellations.flagFor(meta).getAsBoolean()).isFalse();
  }

  @Test
  void otherMessagesPassUntouched() {
    ObjectNode list = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    ObjectNode otherTool = message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
    ObjectNode badMeta = message("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\",\"_meta\":5}}");
    ObjectNode notification = message("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"scan_overview\"}}");
    // arguments that are not an object: the SDK refuses the call itself, so no flag would be released
    ObjectNode badArguments = message("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\",\"arguments\":[1]}}");
    for (ObjectNode m : new ObjectNode[] {list, otherTool, badMeta, notification, badArguments}) {
      assertThat(cancellations.apply(m)).isSameAs(m);
    }
    assertThat(cancellations.inFlightCount()).isZero();
  }

  @Test
  void untaggedCallsAreNeverCancelled() {
    assertThat(cancellations.flagFor(null).getAsBoolean()).isFalse();
    assertThat(cancellations.flagFor(Map.of("progressToken", 1)).getAsBoolean()).isFalse();
  }

  @Test
  void idleWaitsForRunningCallsOnceTheSessionIsInitialized() throws Exception {
    Map<String, Object> meta = metaOf(cancellations.apply(call("1")));
    assertThat(cancellations.awaitIdle(10_000)).as("never initialised: the call can never start").isTrue();
    cancellations.apply(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertThat(cancellations.awaitIdle(50)).as("initialised: the call will run").isFalse();
    Thread finisher = new Thread(() -> {
      sleepQuietly(100);
      cancellations.release(meta);
    });
    finisher.start();
    assertThat(cancellations.awaitIdle(10_000)).isTrue();
    assertThat(cancellations.inFlightCount()).isZero();
    finisher.join();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
