package io.paymenthub.pago46;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paymenthub.core.Failures;
import io.paymenthub.core.OutageLog;
import io.paymenthub.events.Json;
import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's steps (routes/pago46-forward.camel.yaml): take the next batch as the request body, and
 * record what PAGO46 answered: an acceptance in the route, a {@link PartnerError} from {@link Pago46Api} through
 * {@code pago46-errors} (routes/error-handling.camel.yaml). Which answer leads where is decided there, not here.
 */
public final class Pago46Forwarder {

    public static final String BATCH = "pago46Batch";
    public static final String MORE = "pago46More";
    /** Exchange property (set by {@link Pago46Api#answer}): the bank_transaction_id a 422 points at (unset when none, or several). */
    public static final String POINTED = "pago46Pointed";


    private static final Logger LOG = LoggerFactory.getLogger(Pago46Forwarder.class);

    private final Pago46Batches batches;
    private final Pago46Events events;
    private final Pago46Settings settings;
    private final OutageLog outage = new OutageLog(LOG);

    public Pago46Forwarder(Pago46Batches batches, Pago46Events events, Pago46Settings settings) {
        this.batches = batches;
        this.events = events;
        this.settings = settings;
    }

    /** After an attempt: more may wait (a full batch, a due retry, the rest of a batch one transaction left). */
    public boolean more(@ExchangeProperty(MORE) Boolean more) {
        return Boolean.TRUE.equals(more);
    }

    /**
     * The next batch (a due retry, a full batch, or whatever waited {@code pago46.batch.max-wait}) as the
     * JSON array PAGO46 expects; null when nothing is to be sent now.
     */
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

    /** A 2xx whose message says fewer transactions were logged than the batch sent: not a full acceptance. */
    public boolean loggedFewer(@ExchangeProperty(BATCH) Batch batch, Exchange exchange) {
        return Pago46Api.fewerLogged(batch, partnerMessage(exchange));
    }

    /** PAGO46 logged only some of the batch: it is parked for an operator with the reason, never taken as accepted. */
    public void parkedPartlyLogged(@ExchangeProperty(BATCH) Batch batch, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                                   Exchange exchange) throws SQLException {
        String message = partnerMessage(exchange);
        String reason = "PAGO46 logged " + Pago46Api.loggedCount(message) + " of the " + batch.registrations().size()
                + " transactions sent (which ones it did not say): " + message;
        batches.parked(batch.id(), status, reason, events.rejected(batch, status, reason));
        recovered();
        LOG.warn("PAGO46 answered HTTP {} to batch {} but {}. The batch is parked: find out with PAGO46 which were logged,"
                + " then re-queue it: POST /observe/pago46/batches/{}/requeue on the management port", status, batch.id(),
                reason, batch.id());
    }

    /** A 422 pointing at one transaction: that one is parked alone with PAGO46's message, the rest is sent again at once. */
    public void parkedOne(@ExchangeProperty(BATCH) Batch batch, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) PartnerError error,
                          @ExchangeProperty(POINTED) String bankTransactionId, Exchange exchange) throws SQLException {
        int status = error.code();
        String message = Pago46Api.message(error);
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
    public void parked(@ExchangeProperty(BATCH) Batch batch, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) PartnerError error)
            throws SQLException {
        int status = error.code();
        String message = Pago46Api.message(error);
        batches.parked(batch.id(), status, message, events.rejected(batch, status, message));
        recovered();
        LOG.warn("PAGO46 refused batch {} ({} transactions) with HTTP {}: {}. The batch is parked; fix the cause, then"
                        + " re-queue it: POST /observe/pago46/batches/{}/requeue on the management port",
                batch.id(), batch.registrations().size(), status, message, batch.id());
    }

    /** 5xx or 429: the same batch is sent again after an exponential, jittered delay. */
    public void retryLater(@ExchangeProperty(BATCH) Batch batch, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) PartnerError error)
            throws SQLException {
        retry(batch, error.code(), "HTTP " + error.code() + ": " + Pago46Api.message(error));
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
        return Pago46Api.messageOf(exchange.getMessage().getBody(String.class));
    }
}
