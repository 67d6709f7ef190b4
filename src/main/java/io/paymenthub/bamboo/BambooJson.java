package io.paymenthub.bamboo;


import com.fasterxml.jackson.databind.JsonNode;

/** Reading Bamboo-shaped JSON: a body that must be an object, dotted paths, ids given as numbers or strings. */
final class BambooJson {

    private BambooJson() {
    }


    /** {@code Customer.BillingAddress.City} → that node (missing node when any step is absent). */
    static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String step : dotted.split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    /** A scalar given as a JSON string or number, as text; null when absent, null or not a scalar. */
    static String scalar(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.isNumber() ? node.numberValue().toString() : node.asText();
        return text.isBlank() ? null : text.trim();
    }

    /** An integer given as a JSON integer or a string of digits; null otherwise. */
    static Long integer(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        String text = node != null && node.isTextual() ? node.asText().trim() : null;
        return text != null && text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }

    /** The first of these fields present (Bamboo spells some ids two ways: TransactionID, TransactionId). */
    static String firstScalar(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = scalar(node.get(field));
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
