package io.paymenthub.luka;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.partner.PartnerError;

/**
 * One answer of Luka's API as received: the HTTP status and the body (JSON when it is JSON). Luka's error
 * shape is {@code {"mensaje","codigo","continua","mensajeId"}}; field names are read ignoring case, since
 * the seed's tables write {@code Exitoso} where its example writes {@code exitoso}.
 */
public record LukaAnswer(int status, JsonNode json, String text) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Luka's {@code mensaje}, or "" when the answer has none. */
    public String mensaje() {
        return LukaFields.text(json, "mensaje");
    }

    /**
     * "el pago ya fue registrado" (400): Luka already has this payment. Matched on the words, ignoring case
     * and accents, since Luka documents no distinct code for it.
     */
    public boolean isAlreadyRegistered() {
        if (status != 400 && status != 409) {
            return false;
        }
        String m = Normalizer.normalize(mensaje(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return m.contains("ya fue registrado") || m.contains("ya ha sido registrado");
    }

    /** Luka's error fields as it sent them (only those present), to pass on to our caller. */
    public Map<String, Object> partnerError() {
        Map<String, Object> error = new LinkedHashMap<>();
        if (json != null && json.isObject()) {
            for (String field : new String[] {"mensaje", "codigo", "continua", "mensajeId"}) {
                JsonNode value = LukaFields.get(json, field);
                if (value != null && !value.isNull()) {
                    error.put(field, value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asText());
                }
            }
        }
        return error;
    }

    /** Luka's error; {@code answer} may be null (no answer, or none worth passing on). */
    static PartnerError error(PartnerError.Kind kind, int status, String message, LukaAnswer answer) {
        return new PartnerError("Luka", kind, status, message, answer == null ? Map.of() : answer.partnerError());
    }

    /** Luka's error fields as the merchant API passes them on: under {@code "luka"}, nothing when Luka sent none. */
    static Map<String, Object> details(Map<String, Object> partnerError) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!partnerError.isEmpty()) {
            details.put("luka", partnerError);
        }
        return details;
    }

    /** How the answer reads in a log line or a message: status and Luka's mensaje, never the whole body. */
    public String describe() {
        String m = mensaje();
        return "HTTP " + status + (m.isBlank() ? "" : " (" + m + ")");
    }
}
