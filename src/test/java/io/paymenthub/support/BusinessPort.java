package io.paymenthub.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opentest4j.AssertionFailedError;

/**
 * The one HTTP client of the tests for the runner's business port (webhooks, merchant API, /openapi.yaml): every
 * exchange is checked against the published OpenAPI document ({@link OpenApiContract}) and a violation fails the
 * test, so the document cannot drift from what the runner does.
 */
public final class BusinessPort {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    /** The business port of a runner on 127.0.0.1. */
    public BusinessPort(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Sends one request and checks the exchange against the document.
     *
     * @param headers name, value, name, value, ...
     * @param body    null for none
     */
    public HttpResponse<String> send(String method, String path, byte[] body, Duration timeout, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
                sent.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
            }
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        List<String> problems = OpenApiContract.violations(method, path, sent, body, response);
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(method + " " + path + " does not conform to " + OpenApiContract.DOCUMENT + ":\n  "
                    + String.join("\n  ", problems) + "\n  answer body: " + response.body());
        }
        return response;
    }

    /** POST with a 30 s time-out. */
    public HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        return send("POST", path, body, Duration.ofSeconds(30), headers);
    }

    /** POST of a UTF-8 JSON text with {@code Content-Type: application/json}. */
    public HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(path, json.getBytes(StandardCharsets.UTF_8), all);
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, Duration.ofSeconds(30), headers);
    }
}
