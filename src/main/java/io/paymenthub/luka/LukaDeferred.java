package io.paymenthub.luka;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.core.OutageLog;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.luka.LukaTransactions.Row;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.PaymentStore.StatusOutcome;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred results (routes/luka-deferred.camel.yaml). Luka's webhook is stored, then confirmed through the
 * polling endpoint before anything is published; the Quartz poller asks the same endpoint about registrations
 * still pending (or never answered) once they are older than {@code luka.deferred.pending-after}, and stops at
 * {@code luka.deferred.expire-after}: a payment still pending then is EXPIRED, with the reason. Both paths
 * record through {@link PaymentStore#recordStatus}, so a webhook racing a poll publishes one event.
 */
public final class LukaDeferred {

    /** Exchange properties: the registration being checked, and how we came to check it ({@code webhook} or {@code poll}). */
    public static final String ROW = "lukaCheckRow";
    public static final String VIA = "lukaVia";
    /** Exchange property: what the check did to the payment ({@link StatusOutcome}), null when it learnt nothing. */
    public static final String OUTCOME = "lukaCheckOutcome";
    /** What the webhook counts (routes/luka-deferred.camel.yaml reads it for webhookMetrics). */
    public static final String WEBHOOK_OUTCOME = "lukaWebhookOutcome";

    private static final Logger LOG = LoggerFactory.getLogger(LukaDeferred.class);
    private static final int BATCH = 100;

    private final LukaSettings settings;
    private final LukaTransactions transactions;
    private final PaymentStore store;
    private final LukaPayments payments;
    private final Clock clock;
    private final OutageLog outage = new OutageLog(LOG);

    public LukaDeferred(LukaSettings settings, LukaTransactions transactions, PaymentStore store, LukaPayments payments, Clock clock) {
        this.settings = settings;
        this.transactions = transactions;
        this.store = store;
        this.payments = payments;
        this.clock = clock;
    }

    // ---- webhook ------------------------------------------------------------------------------------

    /**
     * Stores Luka's notice (same shape as a transaction answer) and returns the registration to confirm now. Read
     * tolerantly (docs/contract.md: Intake policy): declared charset, BOM, trailing comma. The same notice again updates the
     * same registration (nothing is duplicated).
     */
    public Row notice(byte[] body, Exchange exchange) throws SQLException {
        JsonNode root = io.paymenthub.http.JsonRequests.partnerObject(io.paymenthub.http.JsonRequests.partnerText(body,
                exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)));
        String transaccionId = LukaFields.transaccionId(root);
        if (transaccionId == null) {
            throw HttpProblem.badRequest("The Luka notification has invalid fields", List.of(new FieldError("transaccionId",
                    "is required: Luka's TransaccionId, a whole number above 0 (at most 32 characters)")));
        }
        // a trazaId this runner cannot have sent (too long, other characters) identifies nothing of ours: ignored
        String trazaId = LukaFields.text(root, "trazaId");
        Row row = transactions.noticed(transaccionId, LukaFields.isTrazaId(trazaId) ? trazaId : "", root.toString(), clock.instant());
        exchange.setProperty(VIA, "webhook");
        return row;
    }

    /** After a check: its status was recorded as new or changed (an event to publish: wake the relay). */
    public boolean changed(@ExchangeProperty(OUTCOME) StatusOutcome outcome) {
        return outcome == StatusOutcome.CREATED || outcome == StatusOutcome.CHANGED;
    }

    /**
     * What the intake did, as the webhook counter and an operator's replay see it: STORED when the notice changed the
     * payment's status or awaits its check, DUPLICATE when the confirmed status was already stored. Also set as the
     * exchange property {@code lukaWebhookOutcome}.
     */
    public PaymentStore.Outcome outcome(@ExchangeProperty(OUTCOME) StatusOutcome outcome, Exchange exchange) {
        PaymentStore.Outcome counted = outcome == StatusOutcome.CREATED || outcome == StatusOutcome.CHANGED || outcome == null
                ? PaymentStore.Outcome.STORED : PaymentStore.Outcome.DUPLICATE;
        exchange.setProperty(WEBHOOK_OUTCOME, counted);
        return counted;
    }

    /** 200 once stored: the notice is kept, and either confirmed now or checked by the poller shortly. */
    public String acknowledge(@ExchangeProperty(ROW) Row row, @ExchangeProperty(OUTCOME) StatusOutcome outcome,
                              Exchange exchange) throws SQLException {
        String status = store.status(LukaPayments.PROVIDER, row.transaccionId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", true);
        body.put("transaccionId", row.transaccionId());
        body.put("status", status);
        body.put("confirmed", outcome != null);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json(body);
    }

    // ---- poller -------------------------------------------------------------------------------------

    /** The registrations whose check is due, each claimed for a while so no other poller takes it meanwhile. */
    public List<Row> due(Exchange exchange) throws SQLException {
        Instant now = clock.instant();
        exchange.setProperty(VIA, "poll");
        return transactions.claimDue(now, now.plus(settings.inFlight), BATCH);
    }

    // ---- one check (webhook or poll) ----------------------------------------------------------------

    /** GET pagodiferido for this registration: by TransaccionId when known, else by its authorization code. */
    public void checkRequest(Row row, Exchange exchange) {
        exchange.setProperty(ROW, row);
        exchange.removeProperty(OUTCOME);
        if (exchange.getProperty(VIA) == null) {
            exchange.setProperty(VIA, "poll");
        }
        exchange.setProperty(LukaRequest.PROPERTY, LukaApi.deferredRequest(row.transaccionId(), row.reference(),
                row.userIp() == null ? settings.defaultUserIp : row.userIp()));
    }

    /** What Luka's polling endpoint says about it: a final state is recorded once; pending waits or expires. */
    public void checked(LukaAnswer answer, @ExchangeProperty(ROW) Row row, @ExchangeProperty(VIA) String via,
                        Exchange exchange) throws SQLException {
        Instant now = clock.instant();
        JsonNode tx = answer.isSuccess() ? transactionOf(answer.json(), row) : null;
        if (tx == null) {
            boolean notFound = answer.status() == 404 || answer.status() == 400 || answer.isSuccess();
            if (row.transaccionId() == null && notFound) {
                // Luka does not know this registration (yet): the call that sent it may never have reached it
                String why = "Luka does not know this registration: " + answer.describe();
                if (settings.isExpired(row.since(), now)) {
                    transactions.abandoned(row.id(), "Luka never confirmed this registration within "
                            + LukaSettings.describe(settings.expireAfter) + " (" + why + "); nothing was registered as far as Luka says", now);
                    LOG.warn("Luka registration {} abandoned: Luka never confirmed it", row.trazaId());
                } else {
                    transactions.checkedAgainLater(row.id(), null, why, settings.nextCheck(row.since(), now), now);
                }
                recovered();
                return;
            }
            throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, answer.status(), "Luka's polling endpoint answered "
                    + answer.describe() + " about " + describe(row), answer);
        }
        LukaStatus.Normalized n = LukaStatus.normalize(tx);
        String transaccionId = n.transaccionId() != null ? n.transaccionId() : row.transaccionId();
        if (transaccionId == null) {
            throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, answer.status(), "Luka's polling endpoint answered a transaction"
                    + " without TransaccionId about " + describe(row), answer);
        }
        if (row.transaccionId() == null && !n.trazaId().isEmpty() && !n.trazaId().equals(row.trazaId())) {
            // looked up by authorization code, and found under someone else's registration
            transactions.refused(row.id(), tx.toString(), "Luka has this payment under another registration: luka:"
                    + transaccionId + " (trazaId " + n.trazaId() + ")", now);
            recovered();
            return;
        }
        StatusOutcome outcome;
        if (!n.isFinal() && settings.isExpired(row.since(), now)) {
            outcome = expire(row, transaccionId, tx, "still " + (n.estatus().isEmpty() ? "pending" : n.estatus())
                    + (n.descripcion().isEmpty() ? "" : " (" + n.descripcion() + ")") + " at the last check", via);
        } else {
            Instant next = n.isFinal() ? null : settings.nextCheck(row.since(), now);
            String text = tx.toString();
            String before = store.status(LukaPayments.PROVIDER, transaccionId);
            outcome = store.recordStatus(payments.payment(row, transaccionId, n.status(), tx, via));
            transactions.registered(row.id(), transaccionId, text, n.reason(), next, now);
            if (outcome == StatusOutcome.CHANGED && PaymentStore.correctsInference(before, n.status())) {
                LOG.warn("luka:{} was EXPIRED by this runner; Luka now says {}: published as a correction (previousStatus EXPIRED)",
                        transaccionId, n.status());
            }
            if (outcome == StatusOutcome.STALE) {
                LOG.warn("Luka reports {} for luka:{}, which is already {}: not changed. Review it with Luka by hand.",
                        n.status(), transaccionId, store.status(LukaPayments.PROVIDER, transaccionId));
            }
        }
        exchange.setProperty(OUTCOME, outcome);
        recovered();
    }

    /** A check that failed: logged once per incident; asked again later, or, past the window, expired. */
    public void checkFailed(Exchange exchange) throws SQLException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Row row = exchange.getProperty(ROW, Row.class);
        String reason = LukaPagoMovil.describe(cause);
        if (!outage.failedOnce("Checking a Luka payment failed: {}. It is asked again at the next check; logged again when checks work.",
                reason)) {
            LOG.debug("Checking {} failed: {}", row == null ? "?" : describe(row), reason);
        }
        if (row == null) {
            return;
        }
        Instant now = clock.instant();
        try {
            if (settings.isExpired(row.since(), now)) {
                expire(row, row.transaccionId(), null, "its last check failed: " + reason, exchange.getProperty(VIA, "poll", String.class));
            } else {
                transactions.checkedAgainLater(row.id(), null, reason, settings.nextCheck(row.since(), now), now);
            }
        } catch (SQLException | RuntimeException e) {
            // the store is down too: the row's lease runs out and the next tick takes it again
            LOG.warn("Could not record the failed check of {}: {}", describe(row), e.getMessage());
        }
    }

    /**
     * The window is over: a payment Luka registered becomes EXPIRED (published once, with the reason); a
     * registration Luka never confirmed is abandoned (there is no payment to publish).
     */
    private StatusOutcome expire(Row row, String transaccionId, JsonNode lastAnswer, String why, String via) throws SQLException {
        Instant now = clock.instant();
        String reason = "No final status from Luka within " + LukaSettings.describe(settings.expireAfter) + " (Luka re-checks for "
                + LukaSettings.describe(LukaSettings.LUKA_AUTOMATIC_RECHECKS) + ", then reviews by hand): " + why;
        boolean registered = transaccionId != null && (lastAnswer != null || store.status(LukaPayments.PROVIDER, transaccionId) != null);
        if (!registered) {
            transactions.abandoned(row.id(), reason, now);
            LOG.warn("Luka registration {} abandoned: {}", row.trazaId(), reason);
            return null;
        }
        JsonNode answer = lastAnswer != null ? lastAnswer : parse(row.lastAnswer());
        Payment expired = payments.payment(row, transaccionId, LukaStatus.EXPIRED, answer, via);
        StatusOutcome outcome = store.recordStatus(expired);
        if (row.transaccionId() == null) {
            transactions.registered(row.id(), transaccionId, answer == null ? null : answer.toString(), reason, null, now);
        } else {
            transactions.expired(row.id(), reason, now);
        }
        LOG.warn("luka:{} {}: {}", transaccionId, outcome == StatusOutcome.STALE ? "already final, not expired" : "EXPIRED", reason);
        return outcome;
    }

    /** The transaction in a polling answer: the object itself, or the element of a list that is this registration. */
    private static JsonNode transactionOf(JsonNode json, Row row) {
        if (json == null) {
            return null;
        }
        if (json.isObject()) {
            return LukaStatus.isTransaction(json) ? json : null;
        }
        if (json.isArray()) {
            for (JsonNode item : json) {
                if (!LukaStatus.isTransaction(item)) {
                    continue;
                }
                String id = LukaFields.transaccionId(item);
                if (row.transaccionId() != null ? row.transaccionId().equals(id) : json.size() == 1
                        || row.trazaId().equals(LukaFields.text(item, "trazaId"))) {
                    return item;
                }
            }
        }
        return null;
    }

    private void recovered() {
        outage.recoveredOnce("Checking Luka payments works again, after {} failed checks");
    }

    private static String describe(Row row) {
        return row.transaccionId() != null ? "luka:" + row.transaccionId() : "registration " + row.trazaId();
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
