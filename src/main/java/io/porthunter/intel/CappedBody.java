package io.porthunter.intel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A threat service's answer as text, refused once it passes a byte cap: by its declared
 * Content-Length before any byte is read, or as it streams in. A service (or whatever answers in
 * its place) could otherwise make one call hold hundreds of megabytes.
 */
final class CappedBody implements BodySubscriber<String> {
  private final long cap;
  private final boolean refused;
  private final CompletableFuture<String> text = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private CappedBody(long cap, boolean refused) {
    this.cap = cap;
    this.refused = refused;
  }

  /** Answers of at most {@code cap} bytes. */
  static HttpResponse.BodyHandler<String> handler(long cap) {
    return info -> new CappedBody(cap,
        info.headers().firstValueAsLong("Content-Length").orElse(0) > cap);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refused) {
      tooLarge();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      if (text.isDone()) {
        return;
      }
      if (received.size() + (long) b.remaining() > cap) {
        tooLarge();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      received.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable failure) {
    text.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    text.complete(received.toString(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<String> getBody() {
    return text;
  }

  private void tooLarge() {
    subscription.cancel();
    text.completeExceptionally(new IOException("answer larger than " + cap + " bytes"));
  }
}
