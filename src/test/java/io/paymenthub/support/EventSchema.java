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

/** The event JSON Schema the project ships (schemas/payment-event.schema.json), with format assertions on. */
public final class EventSchema {

    private static final JsonSchema SCHEMA = load();

    private EventSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream("schemas/payment-event.schema.json")) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (Exception e) {
            throw new IllegalStateException("schemas/payment-event.schema.json cannot be loaded", e);
        }
    }

    /** Throws with every violation listed when the event does not match the schema. */
    public static void assertValid(JsonNode event) {
        Set<ValidationMessage> problems = SCHEMA.validate(event);
        if (!problems.isEmpty()) {
            throw new AssertionError("Event violates schemas/payment-event.schema.json: "
                    + problems.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))
                    + "\n" + event.toPrettyString());
        }
    }
}
