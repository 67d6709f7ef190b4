package io.paymenthub.http;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;

/** Request bodies read the one strict way (duplicate keys, trailing data refused); every refusal a 400 saying where. */
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
}
