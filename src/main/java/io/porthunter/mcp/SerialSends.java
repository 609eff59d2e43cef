package io.porthunter.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport provider whose sessions send one message at a time. The SDK 2.1.0 stdio transport
 * hands each outgoing message to a sink that must not be fed by two threads at once; tool handlers
 * answering concurrently on a busy machine could collide there, and the session then stopped
 * reading and answering for good (java-sdk issues #304 and #686). Every send is subscribed on one
 * thread of ours, so messages reach the transport strictly one after another.
 */
final class SerialSends implements McpServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SerialSends.class);
  private final McpServerTransportProvider delegate;
  private final Unanswered unanswered;
  private final Scheduler sender = Schedulers.newSingle("porthunter-send", true);
  /** The session's transport once the server made it (stdio has one session). */
  private volatile Transport session;

  /** @param unanswered learns of every message handed to the transport */
  SerialSends(McpServerTransportProvider delegate, Unanswered unanswered) {
    this.delegate = delegate;
    this.unanswered = unanswered;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    delegate.setSessionFactory(transport -> {
      session = new Transport(transport, sender, unanswered);
      return factory.create(session);
    });
  }

  /**
   * Sends a message of our own (an error answering a line the SDK never saw) in turn with the
   * session's; before there is a session, nothing can carry it.
   */
  void send(JSONRPCMessage message) {
    Transport t = session;
    if (t != null) {
      unanswered.replying(message); // now: the send below runs later, on the sending thread
      t.sendMessage(message).subscribe(null, e -> LOG.warn("could not send a message: {}", e.toString()));
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return delegate.notifyClients(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully().doFinally(signal -> sender.dispose());
  }

  @Override
  public void close() {
    delegate.close();
    sender.dispose();
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  /** One session's transport, its sends subscribed on the shared sending thread. */
  static final class Transport implements McpServerTransport {
    private final McpServerTransport delegate;
    private final Scheduler sender;
    private final Unanswered unanswered;

    Transport(McpServerTransport delegate, Scheduler sender, Unanswered unanswered) {
      this.delegate = delegate;
      this.sender = sender;
      this.unanswered = unanswered;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.defer(() -> {
        unanswered.handedOver(message);
        return delegate.sendMessage(message).doOnError(e -> unanswered.written()); // never to be written
      }).subscribeOn(sender);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return delegate.unmarshalFrom(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }
}
