package io.paymenthub.http;

import java.util.Map;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Some requests are answered by Vert.x before any route runs: unknown path (404), wrong method (405),
 * body over http.max-body-bytes (413), a request Vert.x cannot parse (400, 500). This gives those answers
 * the same JSON shape as the routes' own errors, on the HTTP servers' root routers, as the routes start.
 * It also puts {@link SlowBodyTimeout} in front of every route there.
 */
public final class JsonErrorPages extends EventNotifierSupport {

    private final SlowBodyTimeout slowBodyTimeout;

    public JsonErrorPages(SlowBodyTimeout slowBodyTimeout) {
        this.slowBodyTimeout = slowBodyTimeout;
    }

    private static final Map<Integer, String> MESSAGES = Map.of(
            400, "The request could not be parsed",
            404, "No such endpoint",
            405, "Method not allowed on this endpoint",
            413, "The request body is larger than this endpoint accepts",
            415, "Unsupported content type",
            500, "The request could not be processed; nothing was acknowledged. Please retry later.");

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextRoutesStartingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        for (VertxPlatformHttpServer server : getCamelContext().hasServices(VertxPlatformHttpServer.class)) {
            if (server.getServer() != null && server.getServer().requestHandler() instanceof Router root) {
                MESSAGES.forEach((status, message) -> root.errorHandler(status, ctx -> answer(ctx, status, message)));
                // first on the root router: the clock starts as soon as the headers are read
                root.route().order(Integer.MIN_VALUE).handler(slowBodyTimeout);
            }
        }
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(HttpErrorResponder.toJson(Map.of("message", message)));
    }
}
