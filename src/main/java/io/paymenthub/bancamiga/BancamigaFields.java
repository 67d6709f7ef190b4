package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Bancamiga's fields in every unambiguous spelling seen in the bank's own API and in public integrations
 * (docs/partners.md: times as HH:mm, amounts as JSON numbers, phones as 0424…, +58… or 0058…). Each reader answers
 * the normalized value, or null when the value cannot be read without guessing (the caller holds it for review).
 */
public final class BancamigaFields {

    private static final Pattern PLAIN_AMOUNT = Pattern.compile("\\d{1,15}(\\.\\d{1,2})?");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern BANK = Pattern.compile("\\d{4}");
    private static final Pattern REFERENCE = Pattern.compile("\\d{1,30}");
    /** A Refpk as the webhook, find and history carry it: 1 to 64 letters or digits (29 or 30 in the seed). */
    static final Pattern REFPK = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME_NO_SECONDS = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private BancamigaFields() {
    }

    /**
     * An amount greater than zero with at most 2 decimals and 15 integer digits, scale 2: a plain decimal string
     * ("5.64", "5") or a JSON number, read exactly from its digits (never through a double). "1.234,56", "5,64",
     * "1e3" as text, zero, negative or 3 decimals: null.
     */
    public static BigDecimal amount(JsonNode node) {
        BigDecimal value;
        if (node == null || node.isNull()) {
            return null;
        } else if (node.isTextual()) {
            String text = node.asText().trim();
            if (!PLAIN_AMOUNT.matcher(text).matches()) {
                return null;
            }
            value = new BigDecimal(text);
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            return null;
        }
        if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 2 || value.precision() - value.scale() > 15) {
            return null;
        }
        return value.setScale(2);
    }

    /**
     * A Venezuelan phone as 58 + 10 digits: accepts that form, {@code +58…}, {@code 0058…}, the national
     * {@code 0424…} and the bare {@code 424…}, with spaces, dots, dashes or parentheses between digits; a JSON
     * integer as its digits. Anything else: null.
     */
    public static String phone(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            return null;
        }
        String p = PHONE_SEPARATORS.matcher(node.asText().trim()).replaceAll("");
        if (p.startsWith("+")) {
            p = p.substring(1);
        } else if (p.startsWith("0058")) {
            p = p.substring(2);
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                return null;
            }
        }
        if (p.length() == 12 && p.startsWith("58")) {
            return p;
        }
        if (p.length() == 11 && p.startsWith("0")) {
            return "58" + p.substring(1);
        }
        if (p.length() == 10 && (p.startsWith("4") || p.startsWith("2"))) {
            return "58" + p;
        }
        return null;
    }

    /** A 4-digit bank code as text (a JSON number lost its leading zero: not guessed), else null. */
    public static String bank(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String code = node.asText().trim();
        return BANK.matcher(code).matches() ? code : null;
    }

    /** The reference as 1 to 30 digits (text, or a JSON integer's digits), else null. */
    public static String reference(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            return null;
        }
        String ref = node.asText().trim();
        return REFERENCE.matcher(ref).matches() ? ref : null;
    }

    /** A real date yyyy-MM-dd, else null (08/05/2025 is read two ways: not guessed). */
    public static LocalDate date(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return DATE.parse(node.asText().trim(), LocalDate::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A real time HH:mm:ss, or HH:mm (seconds 00), else null. */
    public static LocalTime time(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText().trim();
        try {
            return (text.length() == 5 ? TIME_NO_SECONDS : TIME).parse(text, LocalTime::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The movement's key without its amount: date, payer bank, payer phone and reference without leading zeros
     * ({@code 2025-05-08|0172|584240000000|575202}), or null when one of them is unknown.
     */
    public static String matchKey(LocalDate date, String bank, String phone, String reference) {
        if (date == null || bank == null || phone == null || reference == null) {
            return null;
        }
        return date + "|" + bank + "|" + phone + "|" + withoutLeadingZeros(reference);
    }

    /**
     * The movement's key (docs/contract.md: Intake policy, one movement one payment): {@link #matchKey} and the amount with 2 decimals,
     * e.g. {@code 2025-05-08|0172|584240000000|575202|5.12}; null when a part is unknown.
     */
    public static String movementKey(LocalDate date, String bank, String phone, String reference, BigDecimal amount) {
        String match = matchKey(date, bank, phone, reference);
        return match == null || amount == null ? null : match + "|" + amount.setScale(2).toPlainString();
    }

    static String withoutLeadingZeros(String reference) {
        int i = 0;
        while (i < reference.length() && reference.charAt(i) == '0') {
            i++;
        }
        return i == reference.length() ? "0" : reference.substring(i);
    }
}
