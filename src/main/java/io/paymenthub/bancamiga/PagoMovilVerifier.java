package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.store.CallRateLimits;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.PaymentStore.StoredPayment;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * {@code POST /api/v1/pago-movil/verifications}: a merchant asks whether a customer's claimed Pago Móvil
 * payment arrived. Answered from the store; when the store does not have it, the route asks Bancamiga's
 * find for that phone, bank and date (at most once per pair and date per minute) and looks again.
 */
public final class PagoMovilVerifier {

    /** What the customer claims. */
    public record Claim(String phone, String bank, String reference, BigDecimal amount, LocalDate date) {
    }

    public static final String CLAIM = "verificationClaim";

    private static final Pattern PHONE = Pattern.compile("58\\d{10}");
    private static final Pattern BANK = Pattern.compile("\\d{4}");
    private static final Pattern REFERENCE = Pattern.compile("\\d{4,30}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,15}(\\.\\d{1,2})?");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    /** A claimed reference shorter than this must match in full (leading zeros aside), never as a suffix. */
    private static final int MIN_SUFFIX_MATCH = 6;

    private final PaymentStore store;
    private final CallRateLimits limits;
    private final BankDirectory banks;
    private final Duration askBankMinInterval;

    public PagoMovilVerifier(PaymentStore store, CallRateLimits limits, BankDirectory banks, Duration askBankMinInterval) {
        this.store = store;
        this.limits = limits;
        this.banks = banks;
        this.askBankMinInterval = askBankMinInterval;
    }

    /** {@link #parse}, the claim also kept as the exchange property {@value #CLAIM} for the later steps. */
    public Claim readClaim(byte[] body, Exchange exchange) {
        Claim claim = parse(body);
        exchange.setProperty(CLAIM, claim);
        return claim;
    }

    /** The merchant's claim; 400 naming every invalid field. */
    public Claim parse(byte[] body) {
        JsonNode root = io.paymenthub.http.JsonRequests.object(body);
        List<FieldError> errors = new ArrayList<>();
        String phone = text(root, "phone", PHONE, "58 followed by 10 digits, e.g. \"584240000000\"", errors);
        String bank = text(root, "bank", BANK, "a 4-digit bank code, e.g. \"0172\"", errors);
        String reference = text(root, "reference", REFERENCE, "the payment reference, 4 to 30 digits", errors);
        String amount = text(root, "amount", AMOUNT, "a decimal string with at most 2 decimals, e.g. \"5.64\"", errors);
        String date = text(root, "date", null, "a date yyyy-MM-dd", errors);
        if (bank != null && banks.name(bank).isEmpty()) {
            errors.add(new FieldError("bank", "is not a known Venezuelan bank code: " + bank));
        }
        if (amount != null && new BigDecimal(amount).signum() <= 0) {
            errors.add(new FieldError("amount", "must be greater than zero"));
        }
        LocalDate day = null;
        if (date != null) {
            try {
                day = LocalDate.parse(date, DATE);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("date", "must be a real date yyyy-MM-dd"));
            }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("The verification request has invalid fields", errors);
        }
        return new Claim(phone, bank, reference, new BigDecimal(amount), day);
    }

    /** The stored payment matching the claim's payer, date and reference, or null. */
    public StoredPayment lookup(@ExchangeProperty(CLAIM) Claim claim) throws SQLException {
        OffsetDateTime from = claim.date().atStartOfDay().atOffset(BancamigaWebhookParser.VENEZUELA);
        for (StoredPayment p : store.receivedFrom("bancamiga", claim.phone(), claim.bank(), from, from.plusDays(1))) {
            if (sameReference(p.reference(), claim.reference())) {
                return p;
            }
        }
        return null;
    }

    /** Whether Bancamiga may be asked for this payer and date now (not more than once per interval). */
    public boolean mayAskBank(@ExchangeProperty(CLAIM) Claim claim) throws SQLException {
        return limits.tryAcquire("bancamiga.find:" + claim.phone() + ":" + claim.bank() + ":" + claim.date(), askBankMinInterval);
    }

    public BancamigaReconciler.FindTarget findTarget(@ExchangeProperty(CLAIM) Claim claim) {
        return new BancamigaReconciler.FindTarget(claim.phone(), claim.bank(), claim.date());
    }

    /** VERIFIED, AMOUNT_MISMATCH or NOT_FOUND, with the payment when one matched. */
    public String answer(@ExchangeProperty(CLAIM) Claim claim, Exchange exchange) throws SQLException {
        Map<String, Object> answer = verdict(claim, lookup(claim));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return Json.MAPPER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer's fields for a claim and the stored payment that matched it (null: none did). */
    static Map<String, Object> verdict(Claim claim, StoredPayment payment) {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (payment == null) {
            answer.put("status", "NOT_FOUND");
            answer.put("payment", null);
        } else {
            answer.put("status", payment.amount().compareTo(claim.amount()) == 0 ? "VERIFIED" : "AMOUNT_MISMATCH");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("paymentId", payment.provider() + ":" + payment.externalId());
            p.put("amount", payment.amount().setScale(2).toPlainString());
            p.put("currency", payment.currency());
            p.put("reference", payment.reference());
            p.put("payer", Map.of("phone", payment.payerPhone(), "bank", payment.payerBank()));
            p.put("occurredAt", payment.occurredAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            p.put("observedVia", payment.observedVia());
            answer.put("payment", p);
        }
        return answer;
    }

    /** Leading zeros aside, the same number; or a claimed reference of 6+ digits that ends the stored one. */
    static boolean sameReference(String stored, String claimed) {
        if (stored == null) {
            return false;
        }
        return BancamigaFields.withoutLeadingZeros(stored).equals(BancamigaFields.withoutLeadingZeros(claimed)) || (claimed.length() >= MIN_SUFFIX_MATCH && stored.endsWith(claimed));
    }

    private static String text(JsonNode root, String field, Pattern format, String expected, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required: " + expected));
            return null;
        }
        if (!node.isTextual() || (format != null && !format.matcher(node.asText()).matches())) {
            errors.add(new FieldError(field, "must be " + expected));
            return null;
        }
        return node.asText();
    }
}
