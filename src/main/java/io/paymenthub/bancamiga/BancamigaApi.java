package io.paymenthub.bancamiga;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.events.Json;
import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;

/**
 * Builds the requests of the Bancamiga API and reads its answers (routes/bancamiga-reconcile.camel.yaml
 * makes the calls). Every answer that is not a success becomes a {@link PartnerError}: a documented code
 * ({@link BancamigaCode}) gives its kind, with the code kept.
 */
public final class BancamigaApi {

    public static final String FIND_PATH = "/public/protected/pm/find";
    public static final String HISTORY_PATH = "/public/protected/pm/history/find";
    public static final String REFRESH_PATH = "/public/re/refresh";

    /** A token pair as Bancamiga issues it (note its spelling {@code refresToken}). */
    public record TokenPair(String accessToken, String refreshToken, Instant expiresAt) {
    }

    /** Reads one value where the parser stands (the rest of the answer follows it: no trailing-token check). */
    private static final ObjectReader TREE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BancamigaTokens tokens;

    public BancamigaApi(BancamigaTokens tokens) {
        this.tokens = tokens;
    }

    /** find: the Pago Móvil credits from one phone and bank on one date. */
    public void findRequest(Exchange exchange, String phone, String bank, LocalDate date) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Phone", phone);
        body.put("Bank", bank);
        body.put("Date", date.toString());
        request(exchange, FIND_PATH, body);
    }

    /** history: every Pago Móvil credit of the account on one date. */
    public void historyRequest(Exchange exchange, LocalDate date) {
        request(exchange, HISTORY_PATH, Map.of("Date", date.toString()));
    }

    /** refresh: a new pair for the current one (read under the refresh's write lock: {@link BancamigaTokenGate}). */
    public void refreshRequest(Exchange exchange) {
        request(exchange, REFRESH_PATH, Map.of("refresh_token", tokens.refreshToken()));
    }

    /**
     * The request without its {@code Authorization}: the token is read at send time, by {@link BancamigaTokenGate#enterCall},
     * so that no call carries a token a refresh has replaced meanwhile.
     */
    private static void request(Exchange exchange, String path, Map<String, Object> body) {
        Message m = exchange.getMessage();
        // camel-http sends every message header as an HTTP header: only these may go to the bank
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, path);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The items of a checked find or history answer, read one at a time with Jackson's streaming parser
     * straight from the answer's file or bytes (camel-http spools a large answer to a file: see
     * {@code camel.main.stream-caching-spool-enabled}), so memory does not grow with the answer's length.
     * Closing the reader closes the file; {@link #discard} deletes it. A {@code lista} that is absent or
     * null gives no item.
     */
    public static Items items(Exchange exchange) throws IOException {
        InputStream in = body(exchange);
        if (in == null) {
            return new Items(null, null);
        }
        JsonParser parser = Json.TOLERANT.createParser(in);
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, 200, "Bancamiga answered HTTP 200 without a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("lista".equals(field) && value == JsonToken.START_ARRAY) {
                    return new Items(parser, in);
                }
                parser.skipChildren();
            }
            parser.close();
            in.close();
            return new Items(null, null);
        } catch (IOException | RuntimeException e) {
            parser.close();
            in.close();
            throw e;
        }
    }

    /** The items of a {@code lista}, one at a time, as a plain loop reads them; close it when done. */
    public static final class Items implements Iterable<JsonNode>, AutoCloseable {

        private final JsonParser parser;
        private final InputStream in;

        private Items(JsonParser parser, InputStream in) {
            this.parser = parser;
            this.in = in;
        }

        @Override
        public Iterator<JsonNode> iterator() {
            return new Iterator<>() {
                private JsonNode next = read();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public JsonNode next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    JsonNode item = next;
                    next = read();
                    return item;
                }
            };
        }

        private JsonNode read() {
            try {
                if (parser == null || parser.nextToken() == JsonToken.END_ARRAY) {
                    return null;
                }
                return TREE.readTree(parser);
            } catch (IOException e) {
                throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, 200, "Bancamiga's answer could not be read to its end: "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
        }

        @Override
        public void close() throws IOException {
            if (parser != null) {
                parser.close();
            }
            if (in != null) {
                in.close();
            }
        }
    }

    /** The new pair of a checked token or refresh answer. */
    public TokenPair readTokenPair(Exchange exchange) throws IOException {
        try (InputStream in = body(exchange)) {
            return tokenPair(in == null ? null : Json.MAPPER.readTree(in));
        }
    }

    /** The new pair of a token or refresh answer's JSON. */
    static TokenPair tokenPair(JsonNode answer) {
        if (answer == null) {
            answer = Json.MAPPER.createObjectNode();
        }
        String token = answer.path("token").asText("");
        String refresh = answer.path("refresToken").asText(answer.path("refreshToken").asText(""));
        if (token.isEmpty() || refresh.isEmpty()) {
            throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, 200, "Bancamiga's token answer has no token or refresToken");
        }
        Instant expires = answer.hasNonNull("expireDate") ? Instant.ofEpochSecond(answer.get("expireDate").asLong()) : null;
        return new TokenPair(token, refresh, expires);
    }

    /**
     * Checks an answer: leaves it in place, unread, when it is a success; throws a {@link PartnerError}
     * of the documented kind otherwise. The answer is read once with the streaming parser (its {@code lista}
     * skipped, not kept), so a truncated or malformed answer of any length fails here, before anything is
     * stored. Runs inside the circuit breaker, so failures count towards opening it.
     */
    public void check(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        keepSpooled(m);
        boolean success = false;
        try {
            success = checked(head(exchange), status);
        } finally {
            if (success) {
                rewind(m.getBody()); // the next step reads it again from its start
            } else {
                discard(exchange);
            }
        }
    }

    private static boolean checked(JsonNode answer, int status) {
        int code = answer != null && answer.path("code").canConvertToInt() ? answer.path("code").asInt() : status;
        String mensaje = answer == null ? "" : answer.path("mensaje").asText("");
        BancamigaCode documented = BancamigaCode.of(code);
        if (answer != null && documented != null) {
            // a documented Bancamiga code, whether it came as the body's code or as the HTTP status
            throw BancamigaCode.error(documented.kind, code, "Bancamiga answered code " + code + describe(mensaje));
        }
        if (answer == null && documentedStatus(status) != null) {
            // a documented code as the bare HTTP status; 503 without a Bancamiga body is plain "unavailable"
            throw BancamigaCode.error(documentedStatus(status).kind, status, "Bancamiga answered HTTP " + status);
        }
        if (status >= 500 || (answer == null && status >= 400)) {
            throw BancamigaCode.error(PartnerError.Kind.UNAVAILABLE, status, "Bancamiga answered HTTP " + status);
        }
        if (answer == null || !answer.isObject()) {
            throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, status, "Bancamiga answered HTTP " + status + " without a JSON object");
        }
        if (status != 200 || code != 200) {
            throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, code, "Bancamiga answered HTTP " + status + ", code " + code + describe(mensaje));
        }
        if (answer.has("lista") && !answer.get("lista").isArray() && !answer.get("lista").isNull()) {
            throw BancamigaCode.error(PartnerError.Kind.UNEXPECTED, 200, "Bancamiga answered a 'lista' that is not a list");
        }
        return true;
    }

    /**
     * The answer's top-level fields, with {@code lista} checked to the end and kept only as an empty list;
     * null when the body is empty or not complete JSON. A JSON value other than an object is returned as is.
     */
    static JsonNode head(Exchange exchange) throws IOException {
        InputStream in = body(exchange);
        if (in == null) {
            return null;
        }
        try (in; JsonParser parser = Json.TOLERANT.createParser(in)) {
            // Json.MAPPER leaves the stream open when the parser closes: the next step reads the answer again
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                JsonNode value = TREE.readTree(parser);
                return parser.nextToken() == null ? value : null;
            }
            ObjectNode head = Json.MAPPER.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("lista".equals(field) && value == JsonToken.START_ARRAY) {
                    parser.skipChildren(); // reads every item to the end: a truncated answer fails here
                    head.putArray("lista");
                } else {
                    head.set(field, TREE.readTree(parser));
                }
            }
            return parser.nextToken() == null ? head : null;
        } catch (JsonProcessingException e) {
            return null; // not JSON, or cut short: decided by the status
        }
    }

    /** The answer as a stream from its start, or null when there is none. */
    private static InputStream body(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        rewind(body);
        if (body instanceof SpooledAnswer spooled) {
            try {
                return new BufferedInputStream(Files.newInputStream(spooled.file()), 65_536);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (body instanceof InputStream in) {
            return in;
        }
        if (body instanceof String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
        if (body instanceof byte[] bytes) {
            return new ByteArrayInputStream(bytes);
        }
        return exchange.getMessage().getBody(InputStream.class);
    }

    /**
     * Moves an answer that camel-http spooled to a file (larger than camel.main.stream-caching-spool-threshold)
     * into a file of this call's own, which no copy or rewind of Camel's cache can close or delete, until its
     * items are stored ({@link #discard}). A small answer stays in memory as it came.
     */
    private static void keepSpooled(Message m) throws IOException {
        if (m.getBody() instanceof StreamCache cache && !cache.inMemory()) {
            Path file = Files.createTempFile("bancamiga-answer-", ".json");
            try (InputStream in = (InputStream) cache) {
                cache.reset();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            m.setBody(new SpooledAnswer(file));
        }
    }

    /** An answer kept in a file until its items are stored: never a stream Camel would cache, copy or rewind. */
    public record SpooledAnswer(Path file) {
    }

    /** Deletes the file of a spooled answer once its items are stored (or the answer is refused). */
    public static void discard(Exchange exchange) throws IOException {
        if (exchange.getMessage().getBody() instanceof SpooledAnswer spooled) {
            Files.deleteIfExists(spooled.file());
        }
    }

    private static void rewind(Object body) {
        if (body instanceof StreamCache cache) {
            cache.reset();
        }
    }

    private static BancamigaCode documentedStatus(int httpStatus) {
        return httpStatus == 503 ? null : BancamigaCode.of(httpStatus);
    }

    private static String describe(String mensaje) {
        return mensaje.isBlank() ? "" : " (" + mensaje + ")";
    }
}
