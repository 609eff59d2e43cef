package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.tools.PlainJson;
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

  /** The call as the SDK gets it: tagged, and passed on. */
  private Map<String, Object> passOn(ObjectNode call) throws Exception {
    ObjectNode tagged = cancellations.apply(call);
    cancellations.passedOn(tagged);
    return metaOf(tagged);
  }

  @Test
  void aToolCallIsTaggedWithItsIdKeepingOtherMeta() throws Exception {
    ObjectNode original = call("42");
    ObjectNode tagged = cancellations.apply(original);
    assertThat(tagged).isNotSameAs(original);
    assertThat(original.path("params").path("_meta").path(Cancellations.REQUEST_ID_META).asString()).isEqualTo("forged");
    assertThat(metaOf(tagged)).containsEntry("progressToken", 7).containsEntry(Cancellations.REQUEST_ID_META, 42);
  }

  @Test
  void callsWithNullMetaOrArgumentsAreTaggedTooSoNoClientCanNameAnotherCall() throws Exception {
    ObjectNode nullMeta = message("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\",\"arguments\":{},\"_meta\":null}}");
    ObjectNode nullArguments = message("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\",\"arguments\":null,\"_meta\":{\"" + Cancellations.REQUEST_ID_META + "\":8}}}");
    Map<String, Object> first = passOn(nullMeta);
    Map<String, Object> second = passOn(nullArguments);
    assertThat(first).containsEntry(Cancellations.REQUEST_ID_META, 8);
    assertThat(second).containsEntry(Cancellations.REQUEST_ID_META, 9);
    cancellations.release(second);
    cancellations.apply(cancel("8"));
    assertThat(cancellations.flagFor(first).getAsBoolean()).as("call 8 is still followed").isTrue();
  }

  @Test
  void cancellingRaisesTheFlagOfThatRequestOnly() throws Exception {
    Map<String, Object> first = passOn(call("\"a-1\""));
    Map<String, Object> second = passOn(call("2"));
    BooleanSupplier firstFlag = cancellations.flagFor(first);
    BooleanSupplier secondFlag = cancellations.flagFor(second);
    assertThat(cancellations.apply(cancel("\"a-1\""))).as("consumed").isNull();
    assertThat(firstFlag.getAsBoolean()).isTrue();
    assertThat(secondFlag.getAsBoolean()).isFalse();
  }

  @Test
  void onlyCallsHandedToTheSdkAreFollowed() throws Exception {
    Map<String, Object> meta = metaOf(cancellations.apply(call("6"))); // tagged, then refused by the filter
    cancellations.apply(cancel("6"));
    assertThat(cancellations.flagFor(meta).getAsBoolean()).isFalse();
  }

  @Test
  void releasedCallsAreForgottenAndLateCancellationsIgnored() throws Exception {
    Map<String, Object> meta = passOn(call("5"));
    cancellations.release(meta);
    assertThat(cancellations.apply(cancel("5"))).isNull();
    assertThat(cancellations.flagFor(meta).getAsBoolean()).isFalse();
  }

  @Test
  void otherMessagesPassUntouched() {
    ObjectNode list = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    ObjectNode otherTool = message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
    ObjectNode notification = message("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"scan_overview\"}}");
    ObjectNode oddId = message("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"scan_overview\"}}"); // the SDK refuses it: nothing would release a flag
    for (ObjectNode m : new ObjectNode[] {list, otherTool, notification, oddId}) {
      assertThat(cancellations.apply(m)).isSameAs(m);
    }
  }

  @Test
  void untaggedCallsAreNeverCancelled() {
    assertThat(cancellations.flagFor(null).getAsBoolean()).isFalse();
    assertThat(cancellations.flagFor(Map.of("progressToken", 1)).getAsBoolean()).isFalse();
  }
}
