package io.paymenthub.bamboo;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpErrorResponder;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.JsonBodyGuard;
import io.paymenthub.http.JsonRequests;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Bamboo's {@code Url_Notify} callbacks, in both shapes (Purchase webhook, Transaction webhook): read the
 * signed fields, check the signature, normalize status and amount into a {@link Payment}.
 *
 * <p>Identity: {@code bamboo:<PurchaseId>}. A Transaction-shaped callback names only its TransactionId: it is
 * mapped to the purchase created through the runner with that transaction; otherwise it is
 * {@code bamboo:transaction-<TransactionId>}. A refund is its own payment, {@code bamboo:refund-<TransactionId>},
 * so it never overwrites the purchase it refunds.
 */
public final class BambooWebhook {

    /** Exchange property: the normalized payment, while it is being confirmed. */
    public static final String PAYMENT = "bambooPayment";
    /** Exchange property: what storing the status did (CREATED, CHANGED, UNCHANGED, STALE). */
    public static final String OUTCOME = "bambooOutcome";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BambooWebhook.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,15}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final JsonBodyGuard bodyGuard;
    private final BambooSignature signature;
    private final BambooAmounts amounts;
    private final BambooPurchaseStore purchases;
    private final boolean confirmCallbacks;

    public BambooWebhook(JsonBodyGuard bodyGuard, BambooSignature signature, BambooAmounts amounts,
                         BambooPurchaseStore purchases, boolean confirmCallbacks) {
        this.bodyGuard = bodyGuard;
        this.signature = signature;
        this.amounts = amounts;
        this.purchases = purchases;
        this.confirmCallbacks = confirmCallbacks;
    }

    /**
     * A body of acceptable size (413 otherwise), declared as JSON, text/plain or nothing (docs/contract.md: Intake policy; a
     * form or multipart encoding is a 415), not kept when refused: its sender is not verified yet.
     */
    public byte[] admit(Exchange exchange) {
        try {
            return bodyGuard.admitPartnerBody(exchange);
        } catch (HttpProblem e) {
            throw e.withoutKeepingBody();
        }
    }

    /**
     * The shape and the signed fields, read tolerantly (declared charset, BOM, trailing comma). Nothing is verified
     * yet, so a refusal here does not keep the body (an unauthenticated caller must not be able to write to the database).
     */
    public BambooNotification read(byte[] body, Exchange exchange) {
        exchange.setProperty(BambooApi.INBOUND, body);
        exchange.setProperty(HttpErrorResponder.RECEIVED_BODY, body);
        JsonNode root;
        try {
            root = JsonRequests.partnerObject(JsonRequests.partnerText(body,
                    exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)));
        } catch (HttpProblem e) {
            throw e.withoutKeepingBody();
        }
        BambooNotification.Shape shape;
        String idField;
        if (root.has("PurchaseId")) {
            shape = BambooNotification.Shape.PURCHASE;
            idField = "PurchaseId";
        } else if (root.has("TransactionId")) {
            shape = BambooNotification.Shape.TRANSACTION;
            idField = "TransactionId";
        } else {
            throw HttpProblem.badRequest("Neither a Purchase webhook (PurchaseId) nor a Transaction webhook (TransactionId)",
                    List.of(new FieldError("PurchaseId", "is required (or TransactionId, for the Transaction shape)"))).withoutKeepingBody();
        }
        List<FieldError> errors = new ArrayList<>();
        String id = signedScalar(root, idField, ID, "an id of 1 to 40 letters, digits or dashes", errors);
        String amount = signedScalar(root, "Amount", AMOUNT, "an integer in minor units, e.g. 500000 for COP 5.000,00", errors);
        String currency = root.path("Currency").isTextual() && CURRENCY.matcher(root.get("Currency").asText()).matches()
                ? root.get("Currency").asText() : null;
        if (currency == null) {
            errors.add(new FieldError("Currency", "is required: an ISO 4217 code, e.g. \"COP\""));
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("The Bamboo notification lacks the fields its signature covers", errors).withoutKeepingBody();
        }
        return new BambooNotification(shape, id, amount, currency, root);
    }

    /**
     * What the intake (direct:bamboo-intake) works on: the notification the webhook read and verified, or, for an
     * operator's replay of a refused body (POST /ops/rejected/{id}/replay), that body read again. A replay is an
     * operator's action: the signature and the age of dateSent are not checked again (dateSent is a header, not
     * kept with the body: the time the body was first received, {@link RejectedMessages#FIRST_RECEIVED_AT}, stands
     * for it); everything else is.
     */
    public BambooNotification intake(Object body, Exchange exchange) {
        if (body instanceof BambooNotification verified) {
            return verified;
        }
        BambooNotification replayed = read(exchange.getMessage().getBody(byte[].class), exchange);
        java.time.Instant received = exchange.getProperty(RejectedMessages.FIRST_RECEIVED_AT, java.time.Instant.class);
        exchange.setProperty(BambooSignature.SENT_AT, received != null ? received : java.time.Instant.now());
        exchange.setProperty(BambooSignature.STALE, false);
        return replayed;
    }

    /**
     * The signature over id, Amount, Currency and dateSent (401 when wrong). A correctly signed callback whose
     * dateSent is outside the tolerance is a retry of Bamboo's (or a replay): accepted, but its status is read back.
     */
    public void verify(BambooNotification notification, Exchange exchange) {
        signature.verify(notification, exchange);
    }

    /** The payment this callback reports; a 400 (body kept: the caller is authenticated) for a zero amount or a status it cannot read. */
    public Payment normalize(BambooNotification n, Exchange exchange) throws SQLException {
        if (n.amountText().matches("0+")) {
            throw HttpProblem.badRequest("The Bamboo notification has invalid fields", List.of(new FieldError("Amount",
                    "must be above 0: an integer in minor units, e.g. 500000 for COP 5.000,00")));
        }
        JsonNode tx = n.transaction();
        Long statusId = BambooJson.integer(tx.get("TransactionStatusId"));
        String statusText = tx.path("Status").isTextual() ? tx.get("Status").asText() : null;
        String status = BambooStatus.normalize(statusText, statusId == null ? null : statusId.intValue());
        if (status == null) {
            String field = n.shape() == BambooNotification.Shape.PURCHASE ? "Transaction.Status" : "Status";
            throw HttpProblem.badRequest("The Bamboo notification carries no status this runner knows", List.of(new FieldError(field,
                    "must be Approved, Pending, Pre-authorized, Rejected, Paid or Cancelled (or TransactionStatusId 1 to 6), not "
                            + (statusText == null ? String.valueOf(statusId) : "\"" + statusText + "\""))));
        }

        String externalId;
        String method;
        String readBackId;
        if (n.refund()) {
            externalId = "refund-" + n.signedId();
            method = "REFUND";
            readBackId = n.signedId();
        } else if (n.shape() == BambooNotification.Shape.PURCHASE) {
            BambooPurchaseStore.Purchase purchase = purchases.byPurchaseId(n.signedId());
            externalId = n.signedId();
            method = method(purchase, n.body());
            readBackId = BambooJson.firstScalar(tx, "TransactionID", "TransactionId");
            if (readBackId == null && purchase != null) {
                readBackId = purchase.transactionId();
            }
        } else {
            BambooPurchaseStore.Purchase purchase = purchases.byTransactionId(n.signedId());
            externalId = purchase != null ? purchase.purchaseId() : "transaction-" + n.signedId();
            method = method(purchase, n.body());
            readBackId = n.signedId();
        }
        exchange.setProperty(BambooApi.READ_BACK_ID, readBackId);

        OffsetDateTime occurredAt = exchange.getProperty(BambooSignature.SENT_AT, Instant.class).atOffset(ZoneOffset.UTC);
        String order = BambooJson.scalar(n.body().get("Order"));
        Payment payment = new Payment("bamboo", externalId, method, status,
                amounts.toDecimal(Long.parseLong(n.amountText()), n.currency()), n.currency(),
                order != null && order.length() <= 64 ? order : null, null, null, occurredAt,
                "webhook", "/bamboo/webhook", n.body());
        exchange.setProperty(PAYMENT, payment);
        return payment;
    }

    /**
     * Whether the status is read back from Bamboo before it is recorded: always for a stale callback (its
     * dateSent outside the tolerance: a retry or a replay, whose body is not trusted), and for a terminal
     * status with bamboo.confirm-callbacks=true.
     */
    public boolean needsConfirmation(Payment payment, @ExchangeProperty(BambooSignature.STALE) Boolean stale) {
        if (Boolean.TRUE.equals(stale)) {
            LOG.info("Bamboo callback for {} was sent outside the tolerance (a retry of Bamboo's): its status is read back",
                    payment.paymentId());
            return true;
        }
        return confirmCallbacks && BambooStatus.terminal(payment.status());
    }

    /** The transaction to read back; without one the callback cannot be confirmed (503: Bamboo delivers it again later). */
    public void requireReadBackId(@ExchangeProperty(BambooApi.READ_BACK_ID) String transactionId) {
        if (transactionId == null) {
            throw HttpProblem.unavailable("This status must be read back from Bamboo (the callback is outside bamboo.webhook.tolerance,"
                    + " or bamboo.confirm-callbacks=true), but the purchase's TransactionId is unknown (it was not created through"
                    + " this runner and the notification does not name it): it cannot be read back");
        }
    }

    /** The payment with the status Bamboo's read-back gives (which wins over the callback's). */
    public Payment confirmed(JsonNode answer, Exchange exchange) {
        Payment payment = exchange.getProperty(PAYMENT, Payment.class);
        JsonNode tx = answer.has("Response") && answer.get("Response").isObject() ? answer.get("Response") : answer;
        Long id = BambooJson.integer(tx.get("TransactionStatusId"));
        String status = BambooStatus.normalize(tx.path("Status").isTextual() ? tx.get("Status").asText() : null,
                id == null ? null : id.intValue());
        if (status == null) {
            throw BambooApi.error(PartnerError.Kind.UNEXPECTED, 200, "Bamboo's read-back of transaction has no status this runner knows");
        }
        Payment confirmed = new Payment(payment.provider(), payment.externalId(), payment.method(), status, payment.amount(),
                payment.currency(), payment.reference(), payment.payer(), payment.payee(), payment.occurredAt(),
                payment.observedVia(), payment.source(), payment.original());
        exchange.setProperty(PAYMENT, confirmed);
        return confirmed;
    }

    /** How the webhook counter sees it: a new or changed status was stored, or nothing new was. */
    public PaymentStore.Outcome countedAs(PaymentStore.StatusOutcome outcome, Exchange exchange) {
        exchange.setProperty(OUTCOME, outcome);
        return outcome == PaymentStore.StatusOutcome.CREATED || outcome == PaymentStore.StatusOutcome.CHANGED
                ? PaymentStore.Outcome.STORED : PaymentStore.Outcome.DUPLICATE;
    }

    /**
     * The 200 body: Bamboo only needs the status code; this helps whoever reads its delivery log. The
     * outcome says whether the reported status was stored (CREATED, CHANGED) or not (UNCHANGED, STALE).
     */
    public String acknowledgement(@ExchangeProperty(PAYMENT) Payment payment,
                                  @ExchangeProperty(OUTCOME) PaymentStore.StatusOutcome outcome) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paymentId", payment.paymentId());
        body.put("reportedStatus", payment.status());
        body.put("outcome", outcome.name());
        return Json.MAPPER.writeValueAsString(body);
    }

    private static String method(BambooPurchaseStore.Purchase purchase, JsonNode body) {
        if (purchase != null) {
            return purchase.method();
        }
        Long mediaId = BambooJson.integer(body.path("PaymentMedia").isObject()
                ? body.path("PaymentMedia").get("PaymentMediaId") : body.get("PaymentMediaId"));
        BambooMethod method = mediaId == null ? null : BambooMethod.of(mediaId.intValue());
        return method == null ? "BAMBOO" : method.name();
    }

    /** A signed field as it appears in the JSON (number or string), checked against its format. */
    private static String signedScalar(JsonNode root, String field, Pattern format, String expected, List<FieldError> errors) {
        JsonNode node = root.get(field);
        String text = node != null && (node.isIntegralNumber() || node.isTextual()) ? BambooJson.scalar(node) : null;
        if (text == null || !format.matcher(text).matches()) {
            errors.add(new FieldError(field, "is required: " + expected));
            return null;
        }
        return text;
    }
}
