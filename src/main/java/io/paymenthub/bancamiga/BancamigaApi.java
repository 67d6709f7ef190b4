package io.paymenthub.bancamiga;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Builds the requests of the Bancamiga API and reads its answers (routes/bancamiga-reconcile.camel.yaml
 * makes the calls). Every answer that is not a success becomes a {@link BancamigaError} of a named kind.
 */
public final class BancamigaApi {

    public static final String FIND_PATH = "/public/protected/pm/find";
    public static final String HISTORY_PATH = "/public/protected/pm/history/find";
    public static final String REFRESH_PATH = "/public/re/refresh";

    /** A token pair as Bancamiga issues it (note its spelling {@code refresToken}). */
    public record TokenPair(String accessToken, String refreshToken, Instant expiresAt) {
    }

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
        request(exchange, FIND_PATH, tokens.accessToken(), body);
    }

    /** history: every Pago Móvil credit of the account on one date. */
    public void historyRequest(Exchange exchange, LocalDate date) {
        request(exchange, HISTORY_PATH, tokens.accessToken(), Map.of("Date", date.toString()));
    }

    /** refresh: a new pair for the current one. */
    public void refreshRequest(Exchange exchange) {
        request(exchange, REFRESH_PATH, tokens.accessToken(), Map.of("refresh_token", tokens.refreshToken()));
    }

    private static void request(Exchange exchange, String path, String accessToken, Map<String, Object> body) {
        Message m = exchange.getMessage();
        // camel-http sends every message header as an HTTP header: only these may go to the bank
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, path);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Authorization", "Bearer " + accessToken);
        try {
            m.setBody(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code lista} of a checked find or history answer. */
    public List<JsonNode> readList(JsonNode answer) {
        JsonNode list = answer.get("lista");
        List<JsonNode> items = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(items::add);
        } else if (list != null && !list.isNull()) {
            throw new BancamigaError(BancamigaError.Kind.UNEXPECTED, 200, "Bancamiga answered a 'lista' that is not a list");
        }
        return items;
    }

    /** The new pair of a checked token or refresh answer. */
    public TokenPair readTokenPair(JsonNode answer) {
        String token = answer.path("token").asText("");
        String refresh = answer.path("refresToken").asText(answer.path("refreshToken").asText(""));
        if (token.isEmpty() || refresh.isEmpty()) {
            throw new BancamigaError(BancamigaError.Kind.UNEXPECTED, 200, "Bancamiga's token answer has no token or refresToken");
        }
        Instant expires = answer.hasNonNull("expireDate") ? Instant.ofEpochSecond(answer.get("expireDate").asLong()) : null;
        return new TokenPair(token, refresh, expires);
    }

    /**
     * Checks an answer: returns its JSON when it is a success, throws a {@link BancamigaError} of the
     * documented kind otherwise. Runs inside the circuit breaker, so failures count towards opening it.
     */
    public JsonNode check(Exchange exchange) {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = m.getBody(String.class);
        JsonNode answer = null;
        try {
            // the seed's own history example ends its list with a trailing comma: read it as the bank writes it
            answer = text == null || text.isBlank() ? null : Json.TOLERANT.readTree(text);
        } catch (IOException e) {
            // not JSON: decided by the status below
        }
        int code = answer != null && answer.path("code").canConvertToInt() ? answer.path("code").asInt() : status;
        String mensaje = answer == null ? "" : answer.path("mensaje").asText("");
        BancamigaError.Kind kind = BancamigaError.kindOf(code);
        if (answer != null && kind != null) {
            // a documented Bancamiga code, whether it came as the body's code or as the HTTP status
            throw new BancamigaError(kind, code, "Bancamiga answered code " + code + describe(mensaje));
        }
        if (answer == null && kindOf(status) != null) {
            // a documented code as the bare HTTP status; 503 without a Bancamiga body is plain "unavailable"
            throw new BancamigaError(kindOf(status), status, "Bancamiga answered HTTP " + status);
        }
        if (status >= 500 || (answer == null && status >= 400)) {
            throw new BancamigaError(BancamigaError.Kind.UNAVAILABLE, status, "Bancamiga answered HTTP " + status);
        }
        if (answer == null || !answer.isObject()) {
            throw new BancamigaError(BancamigaError.Kind.UNEXPECTED, status, "Bancamiga answered HTTP " + status + " without a JSON object");
        }
        if (status != 200 || code != 200) {
            throw new BancamigaError(BancamigaError.Kind.UNEXPECTED, code, "Bancamiga answered HTTP " + status + ", code " + code + describe(mensaje));
        }
        return answer;
    }

    private static BancamigaError.Kind kindOf(int httpStatus) {
        return httpStatus == 503 ? null : BancamigaError.kindOf(httpStatus);
    }

    private static String describe(String mensaje) {
        return mensaje.isBlank() ? "" : " (" + mensaje + ")";
    }
}
