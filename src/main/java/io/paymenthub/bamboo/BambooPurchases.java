package io.paymenthub.bamboo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.MerchantApiKeys;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * {@code POST /api/v1/bamboo/purchases}: the merchant sends Bamboo's own purchase request (the seed's
 * fields); the runner checks what the chosen method requires, sets {@code Redirection.Url_Notify} to its
 * callback, and after Bamboo accepted stores the purchase (PENDING) and answers what the payer needs.
 */
public final class BambooPurchases {

    /** Exchange property: the validated request, read again when Bamboo's answer arrives. */
    public static final String REQUEST = "bambooPurchaseRequest";
    /** Exchange property: the UniqueID sent with the purchase. */
    public static final String UNIQUE_ID = "bambooUniqueId";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Pattern UNIQUE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern NEQUI_PHONE = Pattern.compile("\\d{10}");
    private static final DateTimeFormatter COUPON_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final String notifyUrl;
    private final List<String> missingSettings;
    private final BambooAmounts amounts;
    private final BambooPurchaseStore purchases;
    private final PaymentStore store;
    private final BambooFollowUp.Timing followUp;

    /** {@code followUp}: when a purchase still pending is first read back (bamboo.follow-up.*). */
    public BambooPurchases(String notifyUrl, List<String> missingSettings, BambooAmounts amounts,
                           BambooPurchaseStore purchases, PaymentStore store, BambooFollowUp.Timing followUp) {
        this.followUp = followUp;
        this.notifyUrl = notifyUrl;
        this.missingSettings = List.copyOf(missingSettings);
        this.amounts = amounts;
        this.purchases = purchases;
        this.store = store;
    }

    public boolean enabled() {
        return missingSettings.isEmpty();
    }

    /** The request to send Bamboo, or a 400 listing every field the method needs and did not get. */
    public ObjectNode validate(byte[] body, Exchange exchange) {
        if (!enabled()) {
            throw HttpProblem.unavailable("Bamboo purchases are off: " + String.join(", ", missingSettings) + " not set");
        }
        exchange.setProperty(BambooApi.INBOUND, body);
        ObjectNode request = request(body);
        exchange.setProperty(UNIQUE_ID, request.get("UniqueID").asText());
        exchange.setProperty(REQUEST, request);
        return request;
    }

    /** {@link #validate}'s answer: the request to send Bamboo (its Url_Notify and UniqueID set), or the 400. */
    ObjectNode request(byte[] body) {
        JsonNode root = io.paymenthub.http.JsonRequests.object(body);
        List<FieldError> errors = new ArrayList<>();

        Long mediaId = BambooJson.integer(root.get("PaymentMediaId"));
        BambooMethod method = mediaId == null ? null : BambooMethod.of(mediaId.intValue());
        if (method == null) {
            errors.add(new FieldError("PaymentMediaId", "must be 538 (PSE), 36-40 or 42-44 (cash networks), 67 (Nequi QR) or 68 (Nequi Push)"));
        }
        JsonNode amount = root.get("Amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0
                || amount.asLong() > 999_999_999_999_999L) {
            errors.add(new FieldError("Amount", "is required: a positive integer in minor units (COP 5.000 is 500000)"));
        }
        String currency = root.path("Currency").asText("");
        if (!root.path("Currency").isTextual() || !CURRENCY.matcher(currency).matches()) {
            errors.add(new FieldError("Currency", "is required: an ISO 4217 code, e.g. \"COP\""));
        }
        String country = BambooJson.firstScalar(root, "TargetCountryISO", "TargetCountryIso");
        if (country == null) {
            country = BambooJson.scalar(BambooJson.at(root, "CrossBorderData.TargetCountryISO"));
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            errors.add(new FieldError("TargetCountryISO", "is required: the destination country, e.g. \"CO\""));
        }
        if (method != null) {
            for (String field : method.required) {
                if (BambooJson.scalar(BambooJson.at(root, field)) == null) {
                    errors.add(new FieldError(field, "is required for " + method.name() + " (PaymentMediaId " + mediaId + ")"));
                }
            }
        }
        String email = BambooJson.scalar(BambooJson.at(root, "Customer.Email"));
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("Customer.Email", "must be an e-mail address"));
        }
        JsonNode docType = BambooJson.at(root, "Customer.DocumentTypeId");
        if (!docType.isMissingNode() && !docType.isNull() && BambooJson.integer(docType) == null) {
            errors.add(new FieldError("Customer.DocumentTypeId", "must be a number from Bamboo's document type table"));
        }
        String phone = BambooJson.scalar(BambooJson.at(root, "Customer.PhoneNumber"));
        if (method == BambooMethod.NEQUI_PUSH && phone != null && !NEQUI_PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("Customer.PhoneNumber", "must be 10 digits without prefix for Nequi Push, e.g. 3188255555"));
        }
        JsonNode expiration = BambooJson.at(root, "MetadataIn.PaymentExpirationInMinutes");
        if (!expiration.isMissingNode() && !expiration.isNull() && BambooJson.integer(expiration) == null) {
            errors.add(new FieldError("MetadataIn.PaymentExpirationInMinutes", "must be a whole number of minutes"));
        }
        JsonNode order = root.get("Order");
        if (order != null && !order.isNull() && (!order.isTextual() || order.asText().length() > 128)) {
            errors.add(new FieldError("Order", "must be a string of at most 128 characters"));
        }
        String merchantUniqueId = BambooJson.firstScalar(root, "UniqueID", "UniqueId");
        if (merchantUniqueId != null && !UNIQUE.matcher(merchantUniqueId).matches()) {
            errors.add(new FieldError("UniqueID", "must be 1 to 128 letters, digits or ._:-"));
        }
        JsonNode redirection = root.get("Redirection");
        if (redirection != null && !redirection.isNull() && !redirection.isObject()) {
            errors.add(new FieldError("Redirection", "must be an object"));
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("The Bamboo purchase request has invalid or missing fields", errors);
        }
        ObjectNode request = ((ObjectNode) root).deepCopy();
        // Bamboo posts the purchase's status changes to the runner, whatever the merchant sent
        ObjectNode redirect = request.has("Redirection") && request.get("Redirection").isObject()
                ? (ObjectNode) request.get("Redirection") : request.putObject("Redirection");
        redirect.put("Url_Notify", notifyUrl);
        // Bamboo's guard against a second purchase: a repeat (ours after a lost answer, or the merchant's) returns the first
        String uniqueId = uniqueId(merchantUniqueId, order == null || order.isNull() ? null : order.asText());
        request.remove("UniqueId");
        request.put("UniqueID", uniqueId);
        return request;
    }

    /**
     * The UniqueID sent with a purchase: the merchant's; else one derived from its Order (a name-based UUID, so the
     * same Order always carries the same UniqueID); else a random one (nothing identifies a repeat then).
     */
    static String uniqueId(String merchantUniqueId, String order) {
        if (merchantUniqueId != null) {
            return merchantUniqueId;
        }
        if (order != null && !order.isBlank()) {
            return UUID.nameUUIDFromBytes(("bamboo-order:" + order).getBytes(StandardCharsets.UTF_8)).toString();
        }
        return UUID.randomUUID().toString();
    }

    /**
     * The purchase already created for this UniqueID (the same Order sent again), answered as when it was created
     * (its status as stored now); null when there is none and Bamboo is to be asked. A 409 naming the purchase
     * when the repeat asks for another method, amount or currency: one Order is one purchase.
     */
    public String known(@ExchangeProperty(UNIQUE_ID) String uniqueId, @ExchangeProperty(REQUEST) JsonNode request)
            throws Exception {
        BambooPurchaseStore.Stored stored = purchases.byUniqueId(uniqueId, null);
        return stored == null ? null : repeat(stored, request);
    }

    private String repeat(BambooPurchaseStore.Stored stored, JsonNode request) throws Exception {
        long amount = request.get("Amount").asLong();
        String currency = request.get("Currency").asText();
        int mediaId = request.get("PaymentMediaId").asInt();
        if (stored.amountMinor() != amount || !stored.currency().equals(currency) || stored.purchase().paymentMediaId() != mediaId) {
            throw HttpProblem.of(409, "Order " + (stored.order() == null ? "(none)" : stored.order()) + " already has purchase bamboo:"
                    + stored.purchase().purchaseId() + " (PaymentMediaId " + stored.purchase().paymentMediaId() + ", Amount "
                    + stored.amountMinor() + " " + stored.currency() + "); one Order is one purchase: send another Order (or UniqueID)"
                    + " for another purchase", Map.of("paymentId", "bamboo:" + stored.purchase().purchaseId(),
                    "purchaseId", stored.purchase().purchaseId()));
        }
        String status = store.status("bamboo", stored.purchase().purchaseId());
        return describe(Json.MAPPER.readTree(stored.answer()), mediaId, stored.amountMinor(), stored.currency(), stored.order(),
                status == null ? "PENDING" : status);
    }

    /** Bamboo accepted: the purchase is stored (its payment PENDING, with its event) and the payer's details answered. */
    public String created(JsonNode answer, @ExchangeProperty(REQUEST) JsonNode request,
                          @ExchangeProperty(MerchantApiKeys.KEY_ID) String apiKeyId) throws Exception {
        JsonNode r = answer.path("Response");
        String purchaseId = BambooJson.scalar(r.get("PurchaseId"));
        if (purchaseId == null) {
            throw BambooApi.error(PartnerError.Kind.UNEXPECTED, 200, "Bamboo accepted the purchase but its answer has no Response.PurchaseId");
        }
        JsonNode tx = r.path("Transaction");
        String transactionId = BambooJson.firstScalar(tx, "TransactionID", "TransactionId");
        Long statusId = BambooJson.integer(tx.get("TransactionStatusId"));
        String status = BambooStatus.normalize(tx.path("Status").isTextual() ? tx.get("Status").asText() : null,
                statusId == null ? null : statusId.intValue());
        int mediaId = request.get("PaymentMediaId").asInt();
        BambooMethod method = BambooMethod.of(mediaId);
        Long amountMinor = BambooJson.integer(r.get("Amount"));
        long minor = amountMinor != null ? amountMinor : request.get("Amount").asLong();
        String currency = r.path("Currency").isTextual() && CURRENCY.matcher(r.get("Currency").asText()).matches()
                ? r.get("Currency").asText() : request.get("Currency").asText();
        String order = BambooJson.scalar(request.get("Order"));

        String uniqueId = request.path("UniqueID").asText(null);
        try {
            java.time.Instant now = java.time.Instant.now();
            purchases.insert(new BambooPurchaseStore.Purchase(purchaseId, transactionId, mediaId, method.name()),
                    uniqueId, order, minor, currency, answer.toString(), now.plus(followUp.after()),
                    BambooFollowUp.expiry(now, request, answer), apiKeyId);
        } catch (java.sql.SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // Bamboo answered a repeat (same UniqueID) with the purchase a concurrent request has just stored
            return repeat(purchases.byUniqueId(uniqueId, purchaseId), request);
        }
        Payment payment = new Payment("bamboo", purchaseId, method.name(), status == null ? "PENDING" : status,
                amounts.toDecimal(minor, currency), currency, order != null && order.length() <= 64 ? order : null,
                null, null, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), "api", "/bamboo/purchases", answer);
        store.recordStatus(payment);
        return describe(answer, mediaId, minor, currency, order, payment.status());
    }

    /** The merchant's answer for a purchase: identity, status, amount, and what the payer needs for its method. */
    private String describe(JsonNode answer, int mediaId, long minor, String currency, String order, String status) throws Exception {
        JsonNode r = answer.path("Response");
        String purchaseId = BambooJson.scalar(r.get("PurchaseId"));
        String transactionId = BambooJson.firstScalar(r.path("Transaction"), "TransactionID", "TransactionId");
        BambooMethod method = BambooMethod.of(mediaId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("paymentId", "bamboo:" + purchaseId);
        out.put("purchaseId", purchaseId);
        out.put("transactionId", transactionId);
        out.put("method", method.name());
        out.put("paymentMediaId", mediaId);
        out.put("status", status);
        out.put("amount", amounts.toDecimal(minor, currency).setScale(2).toPlainString());
        out.put("currency", currency);
        if (order != null) {
            out.put("order", order);
        }
        JsonNode meta = r.path("MetadataOut");
        switch (method) {
            case PSE -> out.put("actionUrl", BambooJson.scalar(BambooJson.at(r, "CommerceAction.ActionURL")));
            case CASH -> {
                out.put("paymentUrl", BambooJson.scalar(meta.get("PaymentUrl")));
                out.put("paymentCode", BambooJson.scalar(meta.get("PaymentCode")));
                out.put("paymentExpirationDate", isoDate(BambooJson.scalar(meta.get("PaymentExpirationDate"))));
                out.put("agreementCode", BambooJson.scalar(meta.get("AgreementCode")));
            }
            case NEQUI_QR -> {
                out.put("codeQr", BambooJson.scalar(meta.get("CodeQr")));
                out.put("base64Qr", meta.path("Base64Qr").asText(""));
            }
            case NEQUI_PUSH -> out.put("message", "Nequi sent the payer a notification: they accept or reject the payment in the Nequi app");
        }
        return Json.MAPPER.writeValueAsString(out);
    }

    /** Bamboo gives the coupon's expiry as DD/MM/YYYY; answered as yyyy-MM-dd (as given when it is not that). */
    static String isoDate(String ddMMyyyy) {
        if (ddMMyyyy == null) {
            return null;
        }
        try {
            return LocalDate.parse(ddMMyyyy, COUPON_DATE).toString();
        } catch (DateTimeParseException e) {
            return ddMMyyyy;
        }
    }
}
