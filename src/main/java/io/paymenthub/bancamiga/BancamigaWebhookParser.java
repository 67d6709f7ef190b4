package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Payment;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.JsonRequests;
import org.apache.camel.Exchange;

/**
 * Reads the body of Bancamiga's Pago Móvil webhook into a {@link Payment}, checking every documented
 * field; all problems are reported at once as a 400 with one error per field. Fields Bancamiga may add
 * later are accepted and kept in {@code original}.
 */
public final class BancamigaWebhookParser {

    /** Venezuela has no daylight saving time: every Bancamiga date and time is at UTC−04:00. */
    public static final ZoneOffset VENEZUELA = ZoneOffset.ofHours(-4);

    /** Exchange property carrying the Refpk (when readable) so even a refusal can echo it. */
    public static final String REFPK_PROPERTY = "bancamigaRefpk";

    private static final Pattern REFPK = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,15}(\\.\\d{1,2})?");
    private static final Pattern BANK = Pattern.compile("\\d{4}");
    private static final Pattern PHONE = Pattern.compile("58\\d{10}");
    private static final Pattern REFERENCE = Pattern.compile("\\d{1,30}");
    private static final Pattern STATUS = Pattern.compile("[A-Za-z0-9]{1,16}");
    private static final int MAX_DESCRIPTION = 500;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final BankDirectory banks;

    public BancamigaWebhookParser(BankDirectory banks) {
        this.banks = banks;
    }

    public Payment parse(byte[] body, Exchange exchange) {
        JsonNode root = JsonRequests.object(body);
        JsonNode refpkNode = root.get("Refpk");
        if (refpkNode != null && refpkNode.isTextual()) {
            exchange.setProperty(REFPK_PROPERTY, refpkNode.asText());
        }
        List<FieldError> errors = new ArrayList<>();
        String refpk = text(root, "Refpk", REFPK, "a string of 1 to 64 letters or digits", true, errors);
        String amountText = text(root, "Amount", AMOUNT, "a positive decimal string with at most 2 decimals, e.g. \"5.64\"", true, errors);
        String bank = text(root, "BancoOrig", BANK, "a 4-digit bank code, e.g. \"0172\"", true, errors);
        String phoneOrig = text(root, "PhoneOrig", PHONE, "58 followed by 10 digits, e.g. \"584240000000\"", true, errors);
        String phoneDest = text(root, "PhoneDest", PHONE, "58 followed by 10 digits, e.g. \"584240000000\"", true, errors);
        String reference = text(root, "NroReferencia", REFERENCE, "a string of 1 to 30 digits", true, errors);
        String status = text(root, "Status", STATUS, "a string of 1 to 16 letters or digits", true, errors);
        String dateText = text(root, "FechaMovimiento", null, "a date yyyy-MM-dd", true, errors);
        String timeText = text(root, "HoraMovimiento", null, "a time HH:mm:ss", true, errors);
        String description = text(root, "Descripcion", null, "a string", false, errors);

        BigDecimal amount = null;
        if (amountText != null) {
            amount = new BigDecimal(amountText);
            if (amount.signum() <= 0) {
                errors.add(new FieldError("Amount", "must be greater than zero"));
            }
        }
        String bankName = null;
        if (bank != null) {
            bankName = banks.name(bank).orElse(null);
            if (bankName == null) {
                errors.add(new FieldError("BancoOrig", "is not a known Venezuelan bank code: " + bank));
            }
        }
        LocalDate date = parse(dateText, DATE, "FechaMovimiento", "must be a real date yyyy-MM-dd", errors, LocalDate::from);
        LocalTime time = parse(timeText, TIME, "HoraMovimiento", "must be a real time HH:mm:ss", errors, LocalTime::from);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("Descripcion", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("The Bancamiga payment notification has invalid fields", errors);
        }
        return new Payment("bancamiga", refpk, "PAGO_MOVIL", "RECEIVED", amount, "VES", reference,
                new Payment.Party(phoneOrig, bank, bankName), new Payment.Party(phoneDest, null, null),
                OffsetDateTime.of(date, time, VENEZUELA), "webhook", "/bancamiga/webhook", root, status);
    }

    private static String text(JsonNode root, String field, Pattern format, String expected, boolean required,
                               List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required: " + expected));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be " + expected + ", not a JSON " + node.getNodeType().name().toLowerCase()));
            return null;
        }
        String value = node.asText();
        if (format != null && !format.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be " + expected));
            return null;
        }
        return value;
    }

    private static <T> T parse(String text, DateTimeFormatter format, String field, String message,
                               List<FieldError> errors, java.time.temporal.TemporalQuery<T> query) {
        if (text == null) {
            return null;
        }
        try {
            return format.parse(text, query);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, message));
            return null;
        }
    }
}
