package io.paymenthub.luka;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads Luka's JSON fields by name ignoring case ({@code TransaccionId} in the seed's tables, {@code transaccionId} in its example). */
final class LukaFields {

    private LukaFields() {
    }

    static JsonNode get(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** A field's text ("" when absent or null). */
    static String text(JsonNode object, String name) {
        JsonNode value = get(object, name);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText().trim();
    }

    /**
     * Luka's TransaccionId (a whole number in the seed; a string of letters, digits and inner dashes accepted too),
     * or null when absent, 0, negative, fractional, another type, or longer than 32 characters.
     */
    static String transaccionId(JsonNode object) {
        JsonNode value = get(object, "transaccionId");
        if (value == null || !(value.isIntegralNumber() || value.isTextual())) {
            return null;
        }
        String id = value.isNumber() ? value.bigIntegerValue().toString() : value.asText().trim();
        return id.matches("0+") || !id.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?") ? null : id;
    }

    /** Whether a trazaId is one this runner could have sent (the merchant's, or a derived UUID): 1 to 64 of A-Z a-z 0-9 . _ : - */
    static boolean isTrazaId(String trazaId) {
        return TRAZA.matcher(trazaId).matches();
    }

    private static final java.util.regex.Pattern TRAZA = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

}
