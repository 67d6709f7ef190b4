package io.paymenthub.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Base of the partner simulators: a plain JDK HTTP server on 127.0.0.1 that plays a partner's API by
 * its documented rules. The tests start them directly; with {@code sandbox.enabled=true} the runner
 * starts them itself (see {@link Sandbox}) and points the partner flows at them.
 */
public abstract class PartnerSimulator extends ServiceSupport {

    private final HttpServer server;
    private final ExecutorService threads;

    protected PartnerSimulator(String name, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("The " + name + " simulator cannot listen on 127.0.0.1:" + port, e);
        }
        threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, name + "-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
    }

    /** Serves {@code path} (and everything below it) with the handler. */
    protected final void route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                answer(exchange, 500, "{\"message\":\"simulator failure: " + e.getClass().getSimpleName() + "\"}");
            }
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    protected void doStart() {
        server.start();
    }

    @Override
    protected void doStop() {
        server.stop(0);
        threads.shutdownNow();
    }

    protected static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    protected static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
