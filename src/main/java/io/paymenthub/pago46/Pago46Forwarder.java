package io.paymenthub.pago46;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.core.Failures;
import io.paymenthub.core.OutageLog;
import io.paymenthub.events.Json;
import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's steps (routes/pago46-forward.camel.yaml): take the next batch as the request body, and
 * record what PAGO46 answered. Which answer leads where is decided in the route, not here.
 */
public final class Pago46Forwarder {

    public static final String BATCH = "pago46Batch";
    public static final String MORE = "pago46More";
    /** Exchange property: the bank_transaction_id a 422 points at (null when it points at none, or at several). */
    public static final String POINTED = "pago46Pointed";

    private static final java.util.regex.Pattern LOGGED = java.util.regex.Pattern.compile(
            "(\\d+)\\s+transactions?\\s+(?:were|was)\\s+successfully\\s+logged", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("transactions\\[(\\d+)\\]");

    private static final Logger LOG = LoggerFactory.getLogger(Pago46Forwarder.class);
    private static final int MAX_MESSAGE = 2000;

    private final Pago46Batches batches;
    private final Pago46Events events;
    private final Pago46Settings settings;
    private final OutageLog outage = new OutageLog(LOG);

    public Pago46Forwarder(Pago46Batches batches, Pago46Events events, Pago46Settings settings) {
        this.batches = batches;
        this.events = events;
        this.settings = settings;
    }

    /**
     * The next batch (a due retry, a full batch, or whatever waited {@code pago46.batch.max-wait}) as the
     * JSON array PAGO46 expects; null when nothing is to be sent now.
     */
    /** After an attempt: more may wait (a full batch, a due retry, the rest of a batch one transaction left). */
    public boolean more(@ExchangeProperty(MORE) Boolean more) {
        return Boolean.TRUE.equals(more);
    }

    public byte[] nextBatch(Exchange exchange) throws SQLException, JsonProcessingException {
        Instant now = Instant.now();
        Batch batch = batches.claim(settings.batchSize, now.minus(settings.maxWait), now.plus(settings.lease));
        exchange.setProperty(MORE, batch != null);
        if (batch == null) {
            return null;
        }
        exchange.setProperty(BATCH, batch);
        return body(batch);
    }

    /** The request body: a JSON array of the seed's transaction objects, fields in alphabetical order, unknown optional fields left out. */
    static byte[] body(Batch batch) throws JsonProcessingException {
        Object[] transactions = new Object[batch.registrations().size()];
        for (int i = 0; i < transactions.length; i++) {
            Registration r = batch.registrations().get(i);
            Map<String, String> t = new TreeMap<>(r.optionalFields());
            t.put("amount", r.amount());
            t.put("bank_country_currency_id", r.bankCountryCurrencyId());
            t.put("bank_transaction_id", r.bankTransactionId());
            t.put("creation_date", r.creationDate());
            t.put("document_id", r.documentId());
            t.put("payment_method", r.paymentMethod());
            transactions[i] = t;
        }
        return Json.MAPPER.writeValueAsBytes(transactions);
    }

    /**
     * The status that decides what becomes of the batch: PAGO46's HTTP status, unless a 2xx carries an error
     * code in its body ({@code {"code":503,...,"status":"error"}}): then that code, so such an answer is retried
     * or parked like the error it reports, never taken as an acceptance.
     */
    public int answerStatus(@Header(Exchange.HTTP_RESPONSE_CODE) int status, Exchange exchange) {
        if (status < 200 || status >= 300) {
            return status;
        }
        return statusOf(status, exchange.getMessage().getBody(String.class));
    }

    /** {@link #answerStatus} for a 2xx and its body as text. */
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

    /** 201/202: the rows are registered and one accepted event is queued, in one transaction. */
    public void accepted(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status, Exchange exchange)
            throws SQLException {
        String message = partnerMessage(exchange);
        if (!batches.accepted(batch.id(), status, message, events.accepted(batch, status, message))) {
            LOG.warn("PAGO46 accepted batch {} after its lease had expired; its rows are marked registered", batch.id());
        }
        recovered();
        LOG.info("PAGO46 accepted batch {} ({} transactions, attempt {}): {}", batch.id(), batch.registrations().size(),
                batch.attempt(), message);
    }

    /**
     * How many transactions a 2xx says PAGO46 logged ({@code "2 transactions were successfully logged"}), or -1
     * when its message does not say.
     */
    static int loggedCount(String message) {
        java.util.regex.Matcher m = LOGGED.matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A 2xx whose message says fewer transactions were logged than the batch sent: not a full acceptance. */
    public boolean loggedFewer(@ExchangeProperty(BATCH) Batch batch, Exchange exchange) {
        return fewerLogged(batch, partnerMessage(exchange));
    }

    static boolean fewerLogged(Batch batch, String message) {
        int logged = loggedCount(message);
        return logged >= 0 && logged < batch.registrations().size();
    }

    /** PAGO46 logged only some of the batch: it is parked for an operator with the reason, never taken as accepted. */
    public void parkedPartlyLogged(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                                   Exchange exchange) throws SQLException {
        String message = partnerMessage(exchange);
        String reason = "PAGO46 logged " + loggedCount(message) + " of the " + batch.registrations().size()
                + " transactions sent (which ones it did not say): " + message;
        batches.parked(batch.id(), status, reason, events.rejected(batch, status, reason));
        recovered();
        LOG.warn("PAGO46 answered HTTP {} to batch {} but {}. The batch is parked: find out with PAGO46 which were logged,"
                + " then re-queue it: POST /observe/pago46/batches/{}/requeue on the management port", status, batch.id(),
                reason, batch.id());
    }

    /**
     * The one transaction of the batch a 422's validator message points at, or null: a message naming exactly one
     * of the batch's {@code bank_transaction_id}s, else one {@code transactions[i]} index (from 0). A batch of one
     * is parked as a whole, as before.
     */
    public String pointedTransaction(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                                     Exchange exchange) {
        if (status != 422 || batch.registrations().size() < 2) {
            return null;
        }
        return pointedAt(batch, status, partnerMessage(exchange));
    }

    /** {@link #pointedTransaction} from the status and PAGO46's message. */
    static String pointedAt(Batch batch, int status, String message) {
        if (status != 422 || batch.registrations().size() < 2) {
            return null;
        }
        List<String> named = batch.registrations().stream().map(Registration::bankTransactionId)
                .filter(id -> java.util.regex.Pattern.compile("(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(id) + "(?![A-Za-z0-9])")
                        .matcher(message).find()).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (!named.isEmpty()) {
            return null;
        }
        java.util.regex.Matcher index = INDEX.matcher(message);
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

    /** A 422 pointing at one transaction: that one is parked alone with PAGO46's message, the rest is sent again at once. */
    public void parkedOne(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                          @ExchangeProperty(POINTED) String bankTransactionId, Exchange exchange) throws SQLException {
        String message = partnerMessage(exchange);
        long parked = batches.parkOne(batch, bankTransactionId, status, message, alone -> events.rejected(alone, status, message));
        exchange.setProperty(MORE, true);
        recovered();
        if (parked < 0) {
            LOG.warn("PAGO46 refused transaction {} of batch {} after the batch's lease had expired: its rows were already back"
                    + " in line and go again", bankTransactionId, batch.id());
            return;
        }
        LOG.warn("PAGO46 refused transaction {} of batch {} with HTTP {}: {}. It is parked alone as batch {} (re-queue it once"
                        + " fixed: POST /observe/pago46/batches/{}/requeue); the other {} go again now",
                bankTransactionId, batch.id(), status, message, parked, parked, batch.registrations().size() - 1);
    }

    /** Any other 4xx or an unexpected answer: parked with the partner's message, never retried as is. */
    public void parked(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status, Exchange exchange)
            throws SQLException {
        String message = partnerMessage(exchange);
        batches.parked(batch.id(), status, message, events.rejected(batch, status, message));
        recovered();
        LOG.warn("PAGO46 refused batch {} ({} transactions) with HTTP {}: {}. The batch is parked; fix the cause, then"
                        + " re-queue it: POST /observe/pago46/batches/{}/requeue on the management port",
                batch.id(), batch.registrations().size(), status, message, batch.id());
    }

    /** 5xx or 429: the same batch is sent again after an exponential, jittered delay. */
    public void retryLater(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status, Exchange exchange)
            throws SQLException {
        retry(batch, status, "HTTP " + status + ": " + partnerMessage(exchange));
    }

    /**
     * A failure without an answer (time-out, refused connection) or of the store. A batch in flight is
     * retried like a 5xx; one line is logged when the trouble starts, not one per attempt.
     */
    public void failed(Exchange exchange) throws SQLException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = Failures.describe(cause);
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        exchange.setProperty(MORE, false);
        if (batch != null) {
            retry(batch, null, reason);
        } else {
            outage.failedOnce("PAGO46 forwarder cannot work: {}. Rows stay pending and are tried again.", reason);
        }
    }

    private void retry(Batch batch, Integer status, String reason) throws SQLException {
        Duration delay = backoff(batch.attempt(), settings.retryInitialDelay, settings.retryMaxDelay);
        batches.retryAt(batch.id(), Instant.now().plus(delay), status, reason);
        if (!outage.failedOnce("PAGO46 did not take batch {} (attempt {}): {}. It is sent again, same transactions, after {} ms"
                + " (and with growing delays while this lasts)", batch.id(), batch.attempt(), reason, delay.toMillis())) {
            LOG.debug("PAGO46 batch {} attempt {} failed: {}; next in {} ms", batch.id(), batch.attempt(), reason, delay.toMillis());
        }
    }

    private void recovered() {
        outage.recoveredOnce("PAGO46 answers again after {} failed attempts");
    }

    /** initial × 2^(attempt−1), capped at max, then a uniformly random share between half and all of it. */
    static Duration backoff(int attempt, Duration initial, Duration max) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.max(1, Math.min(ceiling, max.toMillis()));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** PAGO46's {@code message} (a text, or a list of validator messages) or the raw answer, capped. */
    static String partnerMessage(Exchange exchange) {
        return messageOf(exchange.getMessage().getBody(String.class));
    }

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
}
