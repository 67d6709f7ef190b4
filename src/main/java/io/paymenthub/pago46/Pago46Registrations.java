package io.paymenthub.pago46;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.pago46.Pago46Batches.Registration;
import io.paymenthub.store.ReceivedPaymentFollowUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the PAGO46 registration of every newly received payment of a registered provider
 * ({@code pago46.providers}), in the payment's own transaction: a payment is never stored without its
 * registration row, nor the reverse. Does nothing while the PAGO46 flow is off.
 */
public final class Pago46Registrations implements ReceivedPaymentFollowUp {

    /** The bean name Pago46Configuration binds this under (PaymentHubConfiguration hands it to the PaymentStore). */
    public static final String BEAN = "pago46Registrations";

    private static final Logger LOG = LoggerFactory.getLogger(Pago46Registrations.class);
    private static final DateTimeFormatter CREATION_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int MAX_DESCRIPTION = 500;

    private final Pago46Settings settings;

    public Pago46Registrations(Pago46Settings settings) {
        this.settings = settings;
    }

    @Override
    public void onReceived(Connection transaction, Payment payment) throws SQLException {
        if (!settings.enabled() || !settings.providers.contains(payment.provider())) {
            return;
        }
        Registration registration = registration(payment);
        if (!Pago46Batches.queue(transaction, registration, toJson(registration.optionalFields()))) {
            LOG.warn("PAGO46: bank_transaction_id {} is already queued (payment {}); not queued twice",
                    registration.bankTransactionId(), payment.paymentId());
        }
    }

    /** The seed's transaction fields for a payment: Refpk, 2-decimal amount, local creation date, settings. */
    Registration registration(Payment payment) {
        LocalDate day = payment.occurredAt() != null ? payment.occurredAt().toLocalDate()
                : LocalDate.now(BancamigaWebhookParser.VENEZUELA);
        Map<String, String> optional = new LinkedHashMap<>();
        JsonNode description = payment.original() == null ? null : payment.original().get("Descripcion");
        if (description != null && description.isTextual() && !description.asText().isBlank()) {
            String text = description.asText().trim();
            optional.put("description", text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION));
        }
        return new Registration(payment.paymentId(), payment.externalId(), payment.amount().setScale(2).toPlainString(),
                day.format(CREATION_DATE), settings.documentId, settings.paymentMethod, settings.bankCountryCurrencyId,
                optional);
    }

    static String toJson(Map<String, String> optional) {
        if (optional == null || optional.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(optional);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> optionalFields(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pago46_registration.optional_fields is not a JSON object of strings", e);
        }
    }
}
