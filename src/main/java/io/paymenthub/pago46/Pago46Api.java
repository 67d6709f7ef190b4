package io.paymenthub.pago46;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * PAGO46's answers to {@code POST /bulkTransaction} (the request is built by {@link Pago46Forwarder#nextBatch} and
 * signed by {@link Pago46Signer}). Only 201/202 is an acceptance (decisions.md: a 200 or a 3xx is not trusted);
 * anything else is a {@link PartnerError} with PAGO46's status and message, which routes/error-handling.camel.yaml
 * ({@code pago46-errors}) turns into what becomes of the batch:
 * <ul>
 *   <li>{@code UNAVAILABLE}: a 5xx or 429 (also a 2xx whose body carries such a code): the same batch again later;</li>
 *   <li>{@code UNAUTHORIZED} (401, 403), {@code REFUSED} (any other 4xx: 400 WRONG HASH, 422) and {@code UNEXPECTED}
 *       (200, 3xx): parked for an operator; a 422 naming one transaction of the batch parks that one alone.</li>
 * </ul>
 */
public final class Pago46Api {

    public static final String PARTNER = "PAGO46";

    private static final Pattern LOGGED = Pattern.compile(
            "(\\d+)\\s+transactions?\\s+(?:were|was)\\s+successfully\\s+logged", Pattern.CASE_INSENSITIVE);
    private static final Pattern INDEX = Pattern.compile("transactions\\[(\\d+)\\]");
    private static final int MAX_MESSAGE = 2000;

    /**
     * Reads the answer to the batch in flight: returns on an acceptance (201/202), else throws the {@link PartnerError}
     * (code: the status that decides, {@link #statusOf}; details: {@code message}, PAGO46's message). For a 422 naming
     * one transaction it also sets the exchange property {@link Pago46Forwarder#POINTED}.
     */
    public void answer(@ExchangeProperty(Pago46Forwarder.BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int http,
                       Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        int status = statusOf(http, body);
        if (status == 201 || status == 202) {
            return;
        }
        String message = messageOf(body);
        String pointed = pointedAt(batch, status, message);
        if (pointed != null) {
            exchange.setProperty(Pago46Forwarder.POINTED, pointed);
        }
        throw new PartnerError(PARTNER, kind(status), status, "PAGO46 answered HTTP " + status + ": " + message,
                Map.of("message", message));
    }

    /** What went wrong, by the status that decides: 5xx and 429 may pass by themselves; the rest needs an operator. */
    static PartnerError.Kind kind(int status) {
        if (status >= 500 || status == 429) {
            return PartnerError.Kind.UNAVAILABLE;
        }
        if (status == 401 || status == 403) {
            return PartnerError.Kind.UNAUTHORIZED;
        }
        return status >= 400 ? PartnerError.Kind.REFUSED : PartnerError.Kind.UNEXPECTED;
    }

    /** PAGO46's message as {@link #answer} put it in the error ({@code details.message}). */
    static String message(PartnerError error) {
        Object message = error.details().get("message");
        return message == null ? "" : message.toString();
    }

    /**
     * The status that decides what becomes of the batch: PAGO46's HTTP status, unless a 2xx carries an error code in
     * its body ({@code {"code":503,...,"status":"error"}}): then that code, so such an answer is retried or parked like
     * the error it reports, never taken as an acceptance.
     */
    static int statusOf(int status, String body) {
        if (status < 200 || status >= 300) {
            return status;
        }
        try {
            JsonNode code = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body).get("code");
            if (code != null && code.canConvertToInt() && code.asInt() >= 400 && code.asInt() <= 599) {
                return code.asInt();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the HTTP status decides
        }
        return status;
    }

    /** PAGO46's {@code message} (a text, or a list of validator messages) or the raw answer, capped at 2,000 characters. */
    static String messageOf(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String message = body;
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            JsonNode m = json.get("message");
            if (m != null) {
                message = m.isTextual() ? m.asText() : m.toString();
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the text as it came
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    }

    /**
     * How many transactions a 2xx says PAGO46 logged ({@code "2 transactions were successfully logged"}), or -1
     * when its message does not say.
     */
    static int loggedCount(String message) {
        Matcher m = LOGGED.matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** An acceptance whose message says fewer transactions were logged than the batch sent: not a full acceptance. */
    static boolean fewerLogged(Batch batch, String message) {
        int logged = loggedCount(message);
        return logged >= 0 && logged < batch.registrations().size();
    }

    /**
     * The one transaction of the batch a 422's validator message points at, or null: a message naming exactly one
     * of the batch's {@code bank_transaction_id}s, else one {@code transactions[i]} index (from 0). A batch of one
     * is parked as a whole.
     */
    static String pointedAt(Batch batch, int status, String message) {
        if (status != 422 || batch.registrations().size() < 2) {
            return null;
        }
        List<String> named = batch.registrations().stream().map(Registration::bankTransactionId)
                .filter(id -> Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(id) + "(?![A-Za-z0-9])")
                        .matcher(message).find()).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (!named.isEmpty()) {
            return null;
        }
        Matcher index = INDEX.matcher(message);
        java.util.Set<Integer> indexes = new java.util.HashSet<>();
        while (index.find()) {
            indexes.add(Integer.parseInt(index.group(1)));
        }
        if (indexes.size() == 1) {
            int i = indexes.iterator().next();
            return i < batch.registrations().size() ? batch.registrations().get(i).bankTransactionId() : null;
        }
        return null;
    }
}
