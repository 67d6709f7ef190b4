package io.paymenthub.bamboo;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.core.OutageLog;
import io.paymenthub.events.Payment;
import io.paymenthub.store.PaymentStore.StatusOutcome;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A purchase never stays PENDING because its callback was lost (routes/bamboo-follow-up.camel.yaml). Purchases
 * created here and still PENDING {@code bamboo.follow-up.after} after creation are read back
 * ({@code GET /v3/api/transaction/{id}}) every {@code bamboo.follow-up.interval} until Bamboo gives a status other
 * than pending, which is recorded (published once, like a callback's), or until the payment method's expiry has
 * passed: then the purchase is EXPIRED, with the reason. EXPIRED is the runner's inference: a later final status
 * from Bamboo (a callback) replaces it and is published with {@code previousStatus} EXPIRED.
 *
 * <p>The expiry of a purchase (Bamboo documents none per method; docs/partners.md): the merchant's
 * {@code MetadataIn.PaymentExpirationInMinutes} after creation; else, for a cash coupon, the end of its
 * {@code PaymentExpirationDate} (Bogotá time); else creation plus {@code bamboo.follow-up.expire-after}.
 */
public final class BambooFollowUp {

    /** When to look, how often, and how long a purchase without an expiry of its own may stay pending. */
    public record Timing(Duration after, Duration interval, Duration expireAfter) {
    }

    /** Exchange property: the purchase being read back. */
    public static final String ROW = "bambooFollowUpRow";
    /** Exchange property: what recording its status did, null when nothing was recorded. */
    public static final String OUTCOME = "bambooFollowUpOutcome";

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final DateTimeFormatter COUPON_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final Logger LOG = LoggerFactory.getLogger(BambooFollowUp.class);
    private static final int BATCH = 100;

    private final Timing timing;
    private final BambooPurchaseStore purchases;
    private final PaymentStore store;
    private final BambooAmounts amounts;
    private final OutageLog outage = new OutageLog(LOG);

    public BambooFollowUp(Timing timing, BambooPurchaseStore purchases, PaymentStore store, BambooAmounts amounts) {
        this.timing = timing;
        this.purchases = purchases;
        this.store = store;
        this.amounts = amounts;
    }

    public Timing timing() {
        return timing;
    }

    /**
     * The expiry of a new purchase (see the class comment), or null for "creation plus bamboo.follow-up.expire-after".
     * {@code request} is the merchant's purchase request, {@code answer} Bamboo's answer to it.
     */
    public static Instant expiry(Instant created, JsonNode request, JsonNode answer) {
        Long minutes = BambooJson.integer(BambooJson.at(request, "MetadataIn.PaymentExpirationInMinutes"));
        if (minutes != null && minutes > 0) {
            return created.plus(Duration.ofMinutes(minutes));
        }
        String coupon = BambooJson.scalar(BambooJson.at(answer, "Response.MetadataOut.PaymentExpirationDate"));
        if (coupon != null) {
            try {
                return LocalDate.parse(coupon, COUPON_DATE).plusDays(1).atStartOfDay(BOGOTA).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** The purchases whose read-back is due now, each claimed for a while. */
    public List<BambooPurchaseStore.FollowUp> due() throws SQLException {
        Instant now = Instant.now();
        return purchases.claimDue(now, now.plus(timing.interval()), BATCH);
    }

    /** GET /v3/api/transaction/{id} for this purchase. */
    public void readBackRequest(BambooPurchaseStore.FollowUp row, Exchange exchange) throws SQLException {
        exchange.setProperty(ROW, row);
        exchange.removeProperty(OUTCOME);
        if (row.purchase().transactionId() == null) {
            throw new IllegalStateException("Bamboo gave no TransactionId for this purchase: it cannot be read back");
        }
        exchange.setProperty(BambooApi.READ_BACK_ID, row.purchase().transactionId());
    }

    /** After a check: its status was recorded as new or changed (an event to publish: wake the relay). */
    public boolean changed(@ExchangeProperty(OUTCOME) StatusOutcome outcome) {
        return outcome == StatusOutcome.CREATED || outcome == StatusOutcome.CHANGED;
    }

    /** Bamboo's answer: a status other than pending is recorded (follow-up done); pending waits, or expires past the expiry. */
    public void checked(JsonNode answer, @ExchangeProperty(ROW) BambooPurchaseStore.FollowUp row, Exchange exchange)
            throws SQLException {
        JsonNode tx = answer.has("Response") && answer.get("Response").isObject() ? answer.get("Response") : answer;
        Long id = BambooJson.integer(tx.get("TransactionStatusId"));
        String text = tx.path("Status").isTextual() ? tx.get("Status").asText() : null;
        String status = BambooStatus.normalize(text, id == null ? null : id.intValue());
        if (status == null) {
            throw new IllegalStateException("Bamboo's read-back carries no status this runner knows ("
                    + (text == null ? String.valueOf(id) : "\"" + text + "\"") + ")");
        }
        Instant now = Instant.now();
        StatusOutcome outcome;
        if ("PENDING".equals(status)) {
            if (expired(row, now)) {
                outcome = expire(row, answer, "Bamboo still reports it pending (" + (text == null ? id : text) + ")");
            } else {
                purchases.followedUp(row.purchase().purchaseId(), now.plus(timing.interval()), null);
                outcome = null;
            }
        } else {
            outcome = store.recordStatus(payment(row, status, answer));
            purchases.followedUp(row.purchase().purchaseId(), null, null);
            if (outcome == StatusOutcome.CHANGED || outcome == StatusOutcome.CREATED) {
                LOG.info("bamboo:{} read back as {}: its callback had not arrived", row.purchase().purchaseId(), status);
            }
        }
        exchange.setProperty(OUTCOME, outcome);
        recovered();
    }

    /** A read-back that failed: logged once per incident; tried again later, or, past the expiry, EXPIRED. */
    public void checkFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown error" : cause.getMessage();
        BambooPurchaseStore.FollowUp row = exchange.getProperty(ROW, BambooPurchaseStore.FollowUp.class);
        outage.failedOnce("Reading a Bamboo purchase back failed: {}. Tried again at the next check; logged again when it works.", reason);
        if (row == null) {
            return;
        }
        try {
            if (expired(row, Instant.now())) {
                exchange.setProperty(OUTCOME, expire(row, null, "its last read-back failed: " + reason));
            } else {
                purchases.followedUp(row.purchase().purchaseId(), Instant.now().plus(timing.interval()), null);
            }
        } catch (SQLException | RuntimeException e) {
            // the store is down too: the claim runs out and the next tick takes it again
            LOG.warn("Could not record the failed read-back of bamboo:{}: {}", row.purchase().purchaseId(), e.getMessage());
        }
    }

    private boolean expired(BambooPurchaseStore.FollowUp row, Instant now) {
        Instant expiresAt = row.expiresAt() != null ? row.expiresAt() : row.createdAt().plus(timing.expireAfter());
        return !now.isBefore(expiresAt);
    }

    private StatusOutcome expire(BambooPurchaseStore.FollowUp row, JsonNode lastAnswer, String why) throws SQLException {
        Instant expiresAt = row.expiresAt() != null ? row.expiresAt() : row.createdAt().plus(timing.expireAfter());
        String reason = "No final status from Bamboo by the " + row.purchase().method() + " purchase's expiry ("
                + expiresAt.truncatedTo(ChronoUnit.SECONDS) + "): " + why;
        JsonNode original = lastAnswer != null ? lastAnswer : io.paymenthub.events.Json.MAPPER.createObjectNode();
        StatusOutcome outcome = store.recordStatus(payment(row, "EXPIRED", original));
        purchases.followedUp(row.purchase().purchaseId(), null, reason);
        LOG.warn("bamboo:{} {}: {}", row.purchase().purchaseId(), outcome == StatusOutcome.STALE ? "already final, not expired" : "EXPIRED",
                reason);
        return outcome;
    }

    private Payment payment(BambooPurchaseStore.FollowUp row, String status, JsonNode original) {
        return new Payment("bamboo", row.purchase().purchaseId(), row.purchase().method(), status,
                amounts.toDecimal(row.amountMinor(), row.currency()), row.currency(),
                row.order() != null && row.order().length() <= 64 ? row.order() : null, null, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC), "poll", "/bamboo/follow-up", original);
    }

    private void recovered() {
        outage.recoveredOnce("Reading Bamboo purchases back works again, after {} failed read-backs");
    }
}
