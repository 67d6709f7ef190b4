package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.events.Payment;
import io.paymenthub.http.ErrorBody;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.JsonRequests;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.Exchange;

/**
 * Reads Bancamiga's Pago Móvil webhook (docs/contract.md: Intake policy). Only a body without a usable identity is refused
 * (400: not JSON, not an object, no Refpk of 1 to 64 letters or digits). Unambiguous variants are normalized
 * ({@link BancamigaFields}; a BOM, a declared charset, a trailing comma); a field that cannot be read without
 * guessing makes the report held for review, acknowledged but not published. The body as received stays in
 * {@code original}; fields Bancamiga may add later are kept there too. {@code Status} and {@code Descripcion} are
 * carried as received and never hold a payment (docs/partners.md: their meaning is not assumed). Also the shape of the
 * webhook's error answers, {@code {"Code":<status>,"Refpk":<Refpk or null>,"message":…}} (routes/bancamiga-webhook.camel.yaml).
 */
public final class BancamigaWebhookParser implements ErrorBody {

    /** Venezuela has no daylight saving time: every Bancamiga date and time is at UTC−04:00. */
    public static final ZoneOffset VENEZUELA = ZoneOffset.ofHours(-4);

    /** Exchange property carrying the Refpk (when readable) so even a refusal can echo it. */
    public static final String REFPK_PROPERTY = "bancamigaRefpk";

    /** Counts well-formed bank codes missing from banks/venezuela.csv, by code. */
    static final String UNKNOWN_BANK_METRIC = "paymenthub.bancamiga.unknown.bank";

    private static final String ENDPOINT = "bancamiga-webhook";

    private final BankDirectory banks;
    private final MeterRegistry meters;

    public BancamigaWebhookParser(BankDirectory banks, MeterRegistry meters) {
        this.banks = banks;
        this.meters = meters;
    }

    /** Bancamiga's error answer starts with {@code Code} (the HTTP status again) and the {@code Refpk} when one was read. */
    @Override
    public Map<String, Object> leadingFields(Exchange exchange, int status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Code", status);
        fields.put("Refpk", exchange.getProperty(REFPK_PROPERTY, String.class));
        return fields;
    }

    /** The body as the route receives it: decoded by its declared charset, read, identified, then {@link #read}. */
    public BancamigaNotice parse(byte[] body, Exchange exchange) {
        String text = JsonRequests.partnerText(body, exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        JsonNode root = JsonRequests.partnerObject(text);
        JsonNode refpk = root.get("Refpk");
        if (refpk != null && refpk.isTextual()) {
            exchange.setProperty(REFPK_PROPERTY, refpk.asText());
        }
        return read(root, root, text);
    }

    /**
     * Reads a webhook object: a clean payment, or a report to hold with every reason. {@code fields} is what is read
     * (the body, or the body with an operator's corrections), {@code original} what is kept as received, {@code text}
     * the body as received (what a held item keeps). A missing or malformed Refpk is a 400.
     */
    public BancamigaNotice read(JsonNode fields, JsonNode original, String text) {
        JsonNode refpkNode = fields.get("Refpk");
        if (refpkNode == null || !refpkNode.isTextual() || !BancamigaFields.REFPK.matcher(refpkNode.asText()).matches()) {
            throw HttpProblem.badRequest("The Bancamiga payment notification has no usable Refpk",
                    List.of(new FieldError("Refpk", refpkNode == null || refpkNode.isNull()
                            ? "is required: a string of 1 to 64 letters or digits"
                            : "must be a string of 1 to 64 letters or digits")));
        }
        String refpk = refpkNode.asText();
        List<String> faults = new ArrayList<>();
        BigDecimal amount = BancamigaFields.amount(fields.get("Amount"));
        if (amount == null) {
            faults.add(fault(fields, "Amount", "is not a plain decimal greater than zero with at most 2 decimals"));
        }
        String bank = BancamigaFields.bank(fields.get("BancoOrig"));
        if (bank == null) {
            faults.add(fault(fields, "BancoOrig", "is not a 4-digit bank code"));
        }
        String phoneOrig = BancamigaFields.phone(fields.get("PhoneOrig"));
        if (phoneOrig == null) {
            faults.add(fault(fields, "PhoneOrig", "is not a Venezuelan phone number"));
        }
        String phoneDest = BancamigaFields.phone(fields.get("PhoneDest"));
        if (phoneDest == null) {
            faults.add(fault(fields, "PhoneDest", "is not a Venezuelan phone number"));
        }
        String reference = BancamigaFields.reference(fields.get("NroReferencia"));
        if (reference == null) {
            faults.add(fault(fields, "NroReferencia", "is not 1 to 30 digits"));
        }
        LocalDate date = BancamigaFields.date(fields.get("FechaMovimiento"));
        if (date == null) {
            faults.add(fault(fields, "FechaMovimiento", "is not a real date yyyy-MM-dd"));
        }
        LocalTime time = BancamigaFields.time(fields.get("HoraMovimiento"));
        if (time == null) {
            faults.add(fault(fields, "HoraMovimiento", "is not a real time HH:mm:ss or HH:mm"));
        }
        if (!faults.isEmpty()) {
            return BancamigaNotice.holding(new ReviewQueue.Item("bancamiga", refpk, ReviewQueue.Kind.FIELDS,
                    String.join("; ", faults), ENDPOINT, BancamigaFields.matchKey(date, bank, phoneOrig, reference), text));
        }
        String bankName = banks.name(bank).orElse(null);
        if (bankName == null) {
            Counter.builder(UNKNOWN_BANK_METRIC)
                    .description("Payments from a well-formed bank code missing from banks/venezuela.csv (published with bankName null)")
                    .tag("bank", bank)
                    .register(meters)
                    .increment();
        }
        return BancamigaNotice.publishing(new Payment("bancamiga", refpk, "PAGO_MOVIL", "RECEIVED", amount, "VES", reference,
                new Payment.Party(phoneOrig, bank, bankName), new Payment.Party(phoneDest, null, null),
                OffsetDateTime.of(date, time, VENEZUELA), "webhook", "/bancamiga/webhook", original,
                fields.hasNonNull("Status") ? fields.get("Status").asText() : null));
    }

    /** "Amount 1.234,56 is not …": the field, its value as sent (capped), why it is held. */
    private static String fault(JsonNode root, String field, String why) {
        JsonNode v = root.get(field);
        String shown = v == null || v.isNull() ? "is missing" : v.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        return field + " " + (v == null || v.isNull() ? shown : shown + " " + why);
    }
}
