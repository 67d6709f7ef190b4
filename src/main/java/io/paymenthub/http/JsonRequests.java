package io.paymenthub.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;

/**
 * Request bodies read as JSON objects, every refusal a 400 saying where: the strict way ({@link #object}: merchants
 * and our own API) or, for an authenticated partner, the tolerant way ({@link #partnerText}, {@link #partnerObject}).
 * Duplicate keys and trailing data are refused either way.
 */
public final class JsonRequests {

    private JsonRequests() {
    }

    /** The body (admitted by JsonBodyGuard) as a JSON object, or a 400 saying why not. */
    public static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw HttpProblem.badRequest("The request body is empty; a JSON object is expected", List.of());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw HttpProblem.badRequest("The request body is not valid JSON: " + e.getOriginalMessage() + where, List.of());
        } catch (IOException e) {
            throw HttpProblem.badRequest("The request body could not be read as JSON", List.of());
        }
        if (root == null || !root.isObject()) {
            throw HttpProblem.badRequest("The request body must be a JSON object", List.of());
        }
        return root;
    }
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?");

    /**
     * An authenticated partner's body as text (docs/contract.md: Intake policy): decoded by the charset its Content-Type
     * declares (UTF-8 when none or unknown, RFC 8259), without a leading byte order mark.
     */
    public static String partnerText(byte[] body, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                try {
                    charset = Charset.forName(m.group(1).trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    // an unknown name: JSON is UTF-8 by default (RFC 8259), read it so
                }
            }
        }
        String text = body == null ? "" : new String(body, charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * A partner's body text ({@link #partnerText}) as a JSON object, read with {@link Json#TOLERANT}: a trailing comma
     * is read; a duplicate key or trailing data is not (a 400 saying where).
     */
    public static JsonNode partnerObject(String text) {
        if (text.isBlank()) {
            throw HttpProblem.badRequest("The request body is empty; a JSON object is expected", List.of());
        }
        JsonNode root;
        try {
            root = Json.TOLERANT.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw HttpProblem.badRequest("The request body is not valid JSON: " + e.getOriginalMessage() + where, List.of());
        }
        if (root == null || !root.isObject()) {
            throw HttpProblem.badRequest("The request body must be a JSON object", List.of());
        }
        return root;
    }
}
