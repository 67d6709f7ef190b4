package io.paymenthub.luka;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.partner.PartnerError;

/**
 * A Luka transaction as a {@link Payment}: provider {@code luka}, external id Luka's TransaccionId. What we
 * sent (bank, phone, reference, amount) comes from our registration row; what only Luka knows (a webhook
 * about a payment we never sent) from its answer.
 */
public final class LukaPayments {

    public static final String PROVIDER = "luka";
    /** Venezuela has no daylight saving time. */
    static final ZoneOffset VENEZUELA = ZoneOffset.ofHours(-4);

    private final BankDirectory banks;

    public LukaPayments(BankDirectory banks) {
        this.banks = banks;
    }

    /**
     * @param via    {@code api}, {@code webhook} or {@code poll}: also the event source {@code /luka/<via>}
     * @param answer Luka's transaction answer, kept as {@code original}
     */
    public Payment payment(LukaTransactions.Row row, String transaccionId, String status, JsonNode answer, String via) {
        BigDecimal amount = row.amount() != null ? row.amount() : amount(answer);
        if (amount == null) {
            throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, 200, "Luka's answer about TransaccionId " + transaccionId
                    + " has no usable Monto, and this payment was not registered here", null);
        }
        String phone = row.phone();
        if (phone == null) {
            String fromLuka = LukaFields.text(LukaFields.get(answer, "infoUsuarioPagador"), "numeroTelefono");
            phone = fromLuka.isEmpty() ? null : fromLuka;
        }
        String bank = row.bank();
        Payment.Party payer = phone == null && bank == null ? null
                : new Payment.Party(phone, bank, bank == null ? null : banks.name(bank).orElse(null));
        JsonNode original = answer != null && answer.isObject() ? answer : Json.MAPPER.createObjectNode();
        return new Payment(PROVIDER, transaccionId, "PAGO_MOVIL", status, amount, "VES", row.reference(), payer, null,
                occurredAt(answer), via, "/luka/" + via, original);
    }

    /** Luka's positive Monto with 2 decimals, or null. */
    private static BigDecimal amount(JsonNode answer) {
        JsonNode monto = LukaFields.get(answer, "monto");
        if (monto == null || !(monto.isNumber() || monto.asText().matches("\\d{1,15}(\\.\\d+)?"))) {
            return null;
        }
        BigDecimal value = new BigDecimal(monto.asText());
        return value.signum() > 0 ? value.setScale(2, RoundingMode.HALF_UP) : null;
    }

    /** Luka's FechaOperacion when it reads as a date and time (with an offset, or else Venezuelan time); null otherwise. */
    static OffsetDateTime occurredAt(JsonNode answer) {
        String text = LukaFields.text(answer, "fechaOperacion");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atOffset(VENEZUELA);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
