package io.paymenthub.support;

import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event JSON Schemas the project ships, with format assertions on: schemas/reconciliation-day-closed.schema.json for
 * {@code reconciliation.day-closed}, schemas/payment-event.schema.json for every other type.
 */
public final class EventSchema {

    private static final JsonSchema SCHEMA = load("schemas/payment-event.schema.json");
    private static final JsonSchema DAY_CLOSED = load("schemas/reconciliation-day-closed.schema.json");

    private EventSchema() {
    }

    private static JsonSchema load(String path) {
        try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream(path)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (Exception e) {
            throw new IllegalStateException(path + " cannot be loaded", e);
        }
    }

    /** Throws with every violation listed when the event does not match the schema. */
    public static void assertValid(JsonNode event) {
        boolean dayClosed = "reconciliation.day-closed".equals(event.path("type").asText());
        Set<ValidationMessage> problems = (dayClosed ? DAY_CLOSED : SCHEMA).validate(event);
        if (!problems.isEmpty()) {
            throw new AssertionError("Event violates schemas/" + (dayClosed ? "reconciliation-day-closed" : "payment-event")
                    + ".schema.json: "
                    + problems.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))
                    + "\n" + event.toPrettyString());
        }
    }
}
