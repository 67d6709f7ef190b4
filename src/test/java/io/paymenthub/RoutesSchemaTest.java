package io.paymenthub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.YamlMapperFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file under routes/ against the YAML DSL's own JSON Schema, {@code schema/camelYamlDsl.json} in the camel-yaml-dsl
 * jar of the Camel version the runner uses: a misspelt step or option, or one in the wrong place, fails here with its
 * path, without starting a runner. (The camel-report-maven-plugin {@code validate} goal reads Java and XML routes, not YAML.)
 */
class RoutesSchemaTest {

    private static final String DSL_SCHEMA = "schema/camelYamlDsl.json";

    private static final JsonSchema SCHEMA = load();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");

    private static JsonSchema load() {
        try (InputStream in = RoutesSchemaTest.class.getClassLoader().getResourceAsStream(DSL_SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(DSL_SCHEMA + " is missing from the classpath (camel-yaml-dsl)");
            }
            // draft-04 with the DSL's one annotation, "deprecated", read as such
            JsonMetaSchema dsl = JsonMetaSchema.builder(JsonMetaSchema.getV4()).keyword(new NonValidationKeyword("deprecated")).build();
            return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)).metaSchema(dsl).build()
                    .getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(DSL_SCHEMA + " cannot be read", e);
        }
    }

    /**
     * The schema's findings on a routes file, as Camel reads YAML: a scalar where the DSL wants text is that text
     * ({@code constant: 201} is "201"), and a whole-value property placeholder ({@code "{{luka.circuit.open-seconds}}"})
     * stands for a value of whatever type the option takes, resolved at start. Such values are put in that form and
     * the file validated again; every other finding stands.
     */
    private static Set<ValidationMessage> problems(String yaml) {
        JsonNode routes;
        try {
            routes = YamlMapperFactory.getInstance().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
        while (true) {
            Set<ValidationMessage> found = SCHEMA.validate(routes);
            boolean retyped = false;
            for (ValidationMessage m : found) {
                JsonNode as = "type".equals(m.getType()) ? asCamelReadsIt(m.getInstanceNode(), String.valueOf(m.getArguments()[1])) : null;
                if (as != null) {
                    replace(routes, m.getInstanceLocation(), as);
                    retyped = true;
                }
            }
            if (!retyped) {
                return found;
            }
        }
    }

    private static JsonNode asCamelReadsIt(JsonNode value, String expected) {
        if ((value.isNumber() || value.isBoolean()) && expected.equals("string")) {
            return TextNode.valueOf(value.asText());
        }
        if (value.isTextual() && PLACEHOLDER.matcher(value.asText()).matches()) {
            return switch (expected) {
                case "boolean" -> BooleanNode.TRUE;
                case "integer", "number" -> IntNode.valueOf(1);
                default -> null;
            };
        }
        return null;
    }

    private static void replace(JsonNode root, JsonNodePath at, JsonNode value) {
        JsonNode parent = root;
        for (int i = 0; i < at.getNameCount() - 1; i++) {
            Object step = at.getElement(i);
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        Object last = at.getElement(at.getNameCount() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    @Test
    void everyRouteFileMatchesTheYamlDslSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            files = routes.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "routes/*.camel.yaml");
        StringBuilder faults = new StringBuilder();
        for (Path file : files) {
            Set<ValidationMessage> found = problems(Files.readString(file, StandardCharsets.UTF_8));
            if (!found.isEmpty()) {
                faults.append('\n').append(file).append(":\n  ")
                        .append(found.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n  ")));
            }
        }
        assertEquals("", faults.toString(), "routes that do not match " + DSL_SCHEMA);
    }

    @Test
    void aMisspeltStepIsRefusedWithItsPath() {
        Set<ValidationMessage> found = problems("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setBody:
                            constant: ok
                        - tooo:
                            uri: log:broken
                """);

        assertFalse(found.isEmpty(), "an unknown step 'tooo' is not a route");
        assertTrue(found.stream().anyMatch(m -> m.getMessage().contains("tooo")), found.toString());
    }

    @Test
    void anOptionOfAnotherStepIsRefused() {
        assertFalse(problems("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - to:
                            uri: log:broken
                            method: calculate
                """).isEmpty(), "'method' is an option of bean, not of to");
    }

    @Test
    void aPlaceholderStandsForAnyTypeButOtherTextWhereABooleanIsWantedIsRefused() {
        String route = """
                - route:
                    id: switched
                    autoStartup: %s
                    from:
                      uri: direct:switched
                      steps:
                        - setHeader:
                            name: CamelHttpResponseCode
                            constant: 201
                """;

        assertEquals(Set.of(), problems(route.formatted("\"{{switched.enabled}}\"")));
        assertEquals(Set.of(), problems(route.formatted("false")));
        assertFalse(problems(route.formatted("sometimes")).isEmpty(), "autoStartup is a boolean or a placeholder");
    }
}
