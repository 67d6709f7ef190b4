package io.paymenthub.bamboo;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.http.HttpErrorResponder;
import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * Builds the requests of Bamboo's API ({@code Authorization: Basic <private key>}, as Bamboo documents it:
 * the key itself, not base64 of a user:password pair) and reads its answers; routes/bamboo-purchases.camel.yaml
 * makes the calls. An answer that is not a success becomes a {@link PartnerError} with Bamboo's own message: REFUSED
 * when Bamboo refused what the caller sent, UNAUTHORIZED for our key, UNAVAILABLE for a 5xx, UNEXPECTED otherwise.
 */
public final class BambooApi {

    public static final String PURCHASE_PATH = "/v3/api/purchase";
    public static final String TRANSACTION_PATH = "/v3/api/transaction/";
    /** Exchange property: the caller's body, put back before a refusal so rejected_message keeps what the caller sent. */
    public static final String INBOUND = "bambooInbound";
    /** Exchange property: the TransactionId to read back when confirming a callback. */
    public static final String READ_BACK_ID = "bambooReadBackId";

    /** Said to the merchant whenever Bamboo may have created the purchase without our knowing it. */
    static final String PURCHASE_MAY_EXIST = "the purchase may exist at Bamboo: send the same request again (same Order or"
            + " UniqueID) to get it; Bamboo answers a repeated UniqueID with that purchase, never a second one";

    private final String privateKey;
    /** Bamboo's last refusal of our key (401/403), until a call is accepted again: read by {@link BambooHealthCheck}. */
    private volatile String credentialsRefused;
    private volatile String lastFailure;

    public BambooApi(String privateKey) {
        this.privateKey = privateKey;
    }

    /** Bamboo's last refusal of our private key, null once a later call was accepted. */
    public String credentialsRefused() {
        return credentialsRefused;
    }

    /** The last call Bamboo failed or refused, with its answer (no secret in it), or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /** POST /v3/api/purchase with the validated purchase. */
    public void purchaseRequest(Exchange exchange, JsonNode purchase) {
        exchange.setProperty(HttpErrorResponder.IF_ANSWER_LOST, PURCHASE_MAY_EXIST);
        try {
            request(exchange, "POST", PURCHASE_PATH, Json.MAPPER.writeValueAsString(purchase));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET /v3/api/transaction/{id}: a transaction read back. */
    public void transactionRequest(Exchange exchange, @ExchangeProperty(READ_BACK_ID) String transactionId) {
        request(exchange, "GET", TRANSACTION_PATH + URLEncoder.encode(transactionId, StandardCharsets.UTF_8), null);
    }

    private void request(Exchange exchange, String method, String path, String body) {
        Message m = exchange.getMessage();
        // camel-http sends every message header as an HTTP header: only these may go to Bamboo
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, method);
        m.setHeader(Exchange.HTTP_PATH, path);
        m.setHeader("Accept", "application/json");
        m.setHeader("Authorization", "Basic " + privateKey);
        if (body != null) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        m.setBody(body);
    }

    /** Inside the circuit breaker: Bamboo failing (5xx) counts against it, a refusal of one request does not. */
    public void failOnServerError(Exchange exchange) {
        int status = status(exchange);
        if (status >= 500) {
            lastFailure = "HTTP " + status + " at " + java.time.Instant.now();
            throw refusal(exchange, PartnerError.Kind.UNAVAILABLE, status, "Bamboo failed (HTTP " + status + "): " + message(body(exchange)));
        }
    }

    /**
     * Bamboo's answer as JSON when it accepted the call. A refusal of what the caller sent (400, 404, 409,
     * 422, or a 2xx carrying only Errors) is REFUSED, a refusal of our credentials (401, 403) UNAUTHORIZED, anything
     * else UNEXPECTED; each keeps Bamboo's message (the statuses they get: routes/error-handling.camel.yaml).
     */
    public JsonNode answer(Exchange exchange) {
        int status = status(exchange);
        byte[] body = body(exchange);
        JsonNode json = readJson(body);
        if (status == 401 || status == 403) {
            credentialsRefused = "HTTP " + status + " at " + java.time.Instant.now() + ": " + message(body);
            lastFailure = credentialsRefused;
        } else if (status >= 200 && status < 500) {
            credentialsRefused = null; // Bamboo took our key (a 4xx about the request itself says so too)
        }
        if (status >= 200 && status < 300) {
            if (json == null || !json.isObject()) {
                String hint = exchange.getProperty(HttpErrorResponder.IF_ANSWER_LOST, String.class);
                throw refusal(exchange, PartnerError.Kind.UNEXPECTED, status, "Bamboo answered HTTP " + status + " without a JSON object"
                        + (hint == null ? "" : "; " + hint));
            }
            if (hasErrors(json) && (json.path("Response").isMissingNode() || json.path("Response").isNull())) {
                throw refusal(exchange, PartnerError.Kind.REFUSED, status, "Bamboo refused the request: " + message(body));
            }
            return json;
        }
        if (status == 401 || status == 403) {
            throw refusal(exchange, PartnerError.Kind.UNAUTHORIZED, status, "Bamboo refused our credentials (HTTP " + status + "); check bamboo.private-key. Bamboo said: "
                    + message(body));
        }
        if (status == 400 || status == 404 || status == 409 || status == 422) {
            throw refusal(exchange, PartnerError.Kind.REFUSED, status, "Bamboo refused the request (HTTP " + status + "): " + message(body));
        }
        throw refusal(exchange, PartnerError.Kind.UNEXPECTED, status, "Bamboo answered HTTP " + status + ": " + message(body));
    }

    /** Bamboo's error; the caller's body is put back first, so a refusal kept for an operator is what the caller sent. */
    private static PartnerError refusal(Exchange exchange, PartnerError.Kind kind, int status, String message) {
        byte[] inbound = exchange.getProperty(INBOUND, byte[].class);
        exchange.getMessage().setBody(inbound);
        return error(kind, status, message);
    }

    /** Bamboo's error of that kind; {@code status} is Bamboo's HTTP status (0 when there was none). */
    static PartnerError error(PartnerError.Kind kind, int status, String message) {
        return new PartnerError("Bamboo", kind, status, message);
    }

    private static int status(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 0 : status;
    }

    private static byte[] body(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null) {
            exchange.getMessage().setBody(body); // a stream is read once: keep the bytes for the next step
        }
        return body == null ? new byte[0] : body;
    }

    private static JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasErrors(JsonNode json) {
        return json.path("Errors").isArray() && !json.path("Errors").isEmpty();
    }

    /** Bamboo's own words: its Errors list ({@code ErrorCode: Message (Detail)}), a Message field, or the raw text. */
    static String message(byte[] body) {
        JsonNode json = readJson(body);
        if (json != null && hasErrors(json)) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : json.path("Errors")) {
                StringBuilder sb = new StringBuilder();
                if (e.hasNonNull("ErrorCode")) {
                    sb.append(e.get("ErrorCode").asText()).append(": ");
                }
                sb.append(e.path("Message").asText(e.isTextual() ? e.asText() : ""));
                if (e.hasNonNull("Detail") && !e.get("Detail").asText().isBlank()) {
                    sb.append(" (").append(e.get("Detail").asText()).append(')');
                }
                parts.add(sb.toString().trim());
            }
            return String.join("; ", parts);
        }
        if (json != null && json.isObject()) {
            for (String field : List.of("Message", "message", "Error", "error")) {
                if (json.hasNonNull(field)) {
                    return json.get(field).asText();
                }
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "no message";
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
