package io.paymenthub.http;

import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A client that sends its headers and then trickles its body, or never finishes it (slow-loris), is
 * answered {@code 408 {"message":…}} once the body has not fully arrived {@code http.request-body-timeout-ms}
 * after the headers, and its connection is closed. Vert.x reads bodies on its event loop, so such a client
 * never holds a worker thread; this bounds how long it holds a connection. A body that arrived in time is
 * not affected, however long the route then takes to answer.
 */
public final class SlowBodyTimeout implements Handler<RoutingContext> {

    private final long timeoutMs;

    public SlowBodyTimeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (timeoutMs > 0 && !request.isEnded()) {
            long timer = ctx.vertx().setTimer(timeoutMs, id -> {
                if (!request.isEnded() && !ctx.response().ended() && !ctx.response().headWritten()) {
                    ctx.response()
                            .setStatusCode(408)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Connection", "close")
                            .end(HttpErrorResponder.toJson(Map.of("message", "The request body did not arrive within "
                                    + timeoutMs + " ms of its headers; send the whole request again")))
                            .onComplete(done -> request.connection().close());
                }
            });
            ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
        }
        ctx.next();
    }
}
