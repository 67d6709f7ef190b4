package io.paymenthub.luka;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * Sends the request kept in {@link LukaRequest#PROPERTY} with the session's token (routes: direct:luka-send)
 * and reads Luka's answers. Only 5xx, 429 and a second 401 are failures here; a 4xx is an answer the
 * caller interprets (a refused payment is not an outage).
 */
public final class LukaApi {

    public static final String MOVPAY_PATH = "/api/v1/Transaccion/bancamiga.movpay";
    public static final String DEFERRED_PATH = "/api/v1/transaccion/pagodiferido";

    private final LukaSession session;

    public LukaApi(LukaSession session) {
        this.session = session;
    }

    /** Puts the request on the message: its headers only (camel-http sends every header), the token, userIp. */
    public void prepare(Exchange exchange, @ExchangeProperty(LukaRequest.PROPERTY) LukaRequest request) {
        String token = session.token();
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, request.method());
        m.setHeader(Exchange.HTTP_PATH, request.path());
        if (request.query() != null) {
            m.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        if (request.body() != null) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        m.setHeader("Authorization", "Bearer " + token);
        m.setHeader("userIp", request.userIp());
        m.setBody(request.body());
        exchange.setProperty(LukaSession.TOKEN_USED, token);
    }

    /** Inside the circuit breaker: Luka failing on its side counts towards opening it. */
    public void failIfDown(Exchange exchange) {
        LukaAnswer answer = read(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getMessage().getBody(String.class));
        if (answer.status() >= 500 || answer.status() == 429) {
            exchange.getMessage().setBody(answer.text());
            throw LukaAnswer.error(PartnerError.Kind.UNAVAILABLE, answer.status(), "Luka answered " + answer.describe(), answer);
        }
    }

    /** The answer of the call just made; a 401 here came after a fresh login, so our credentials are the problem. */
    public LukaAnswer answer(Exchange exchange) {
        Message m = exchange.getMessage();
        LukaAnswer answer = read(m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), m.getBody(String.class));
        m.removeHeaders("*");
        if (answer.status() == 401 || answer.status() == 403) {
            throw LukaAnswer.error(PartnerError.Kind.UNAUTHORIZED, answer.status(), "Luka refused our token even after a fresh login: "
                    + answer.describe(), answer);
        }
        return answer;
    }

    /** GET pagodiferido for one transaction: by TransaccionId when known, else by the payment's authorization code. */
    public static LukaRequest deferredRequest(String transaccionId, String reference, String userIp) {
        String query = transaccionId != null ? "transaccionId=" + encode(transaccionId) : "codigoAutorizacion=" + encode(reference);
        return new LukaRequest("GET", DEFERRED_PATH, query, null, userIp);
    }

    static LukaAnswer read(int status, String text) {
        JsonNode json = null;
        if (text != null && !text.isBlank()) {
            try {
                json = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                // not JSON: the status decides
            }
        }
        return new LukaAnswer(effectiveStatus(status, json), json, text);
    }

    /**
     * A 2xx carrying Luka's error shape instead of a transaction ({@code {"mensaje","codigo":500,...}}, no Exitoso)
     * is that error: its codigo is the status that counts (a 5xx there is Luka failing, a 400 a refusal).
     */
    static int effectiveStatus(int status, JsonNode json) {
        if (status < 200 || status >= 300 || json == null || LukaStatus.isTransaction(json)) {
            return status;
        }
        JsonNode codigo = LukaFields.get(json, "codigo");
        return codigo != null && codigo.canConvertToInt() && codigo.asInt() >= 400 && codigo.asInt() <= 599 ? codigo.asInt() : status;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
