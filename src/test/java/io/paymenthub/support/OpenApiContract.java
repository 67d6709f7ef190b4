package io.paymenthub.support;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * The runner's published contract, src/main/resources/openapi.yaml, checked on every exchange the HTTP tests make
 * with the business port ({@link BusinessPort}) by two libraries:
 * <ul>
 *   <li>Atlassian's swagger-request-validator matches the exchange to its operation and checks what is not a body:
 *       the path and method exist, the answer's status is one the operation lists, its content type is the listed one,
 *       the request carries the operation's credentials, its content type is accepted;</li>
 *   <li>networknt's json-schema-validator, in its OpenAPI 3.1 dialect (JSON Schema 2020-12), checks each JSON body
 *       against the schema the document gives for that operation, status and media type. (The Atlassian validator
 *       reads 3.1 schemas as JSON Schema draft 4 and ignores {@code type} lists and {@code 'null'}, so bodies are
 *       left to the one that implements 3.1.)</li>
 * </ul>
 * The rules: every answer conforms; a request the document calls invalid must be refused with a 4xx (whatever the
 * runner accepts, the document accepts too); a path or method the document does not describe is answered 404 or 405.
 */
public final class OpenApiContract {

    /** The document as shipped in the jar and served at GET /openapi.yaml. */
    public static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiInteractionValidator validator;
    private static JsonNode document;
    private static JsonSchemaFactory schemas;
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    private static synchronized void load() {
        if (validator != null) {
            return;
        }
        try {
            String text = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
            document = new ObjectMapper(new YAMLFactory()).readTree(text);
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.body", ValidationReport.Level.IGNORE)
                            .withLevel("validation.response.body", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
            schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b
                    .metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + DOCUMENT, e);
        }
    }

    /** Problems of one exchange against the document; empty when it conforms. */
    public static List<String> violations(String method, String path, Map<String, List<String>> requestHeaders, byte[] body,
                                          HttpResponse<String> response) {
        load();
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, pathOnly);
        requestHeaders.forEach(request::withHeader);
        if (body != null && body.length > 0) {
            request.withBody(body);
        }
        ValidationReport requestReport = validator.validateRequest(request.build());
        int status = response.statusCode();
        if (requestReport.getMessages().stream().anyMatch(m -> m.getKey().startsWith("validation.request.path.missing")
                || m.getKey().startsWith("validation.request.operation.notAllowed"))) {
            return status == 404 || status == 405 ? List.of()
                    : List.of(method + " " + pathOnly + " is not in the document but was answered " + status);
        }
        String operation = "/paths/" + escape(pathOnly) + "/" + method.toLowerCase();

        List<String> requestProblems = new ArrayList<>(format("request", requestReport));
        String requestType = header(requestHeaders, "Content-Type");
        if (body != null && body.length > 0 && document.at(operation + "/requestBody").isObject()) {
            requestProblems.addAll(bodyProblems("request body", operation + "/requestBody", requestType, new String(body, StandardCharsets.UTF_8)));
        }

        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status);
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                answer.withHeader(name, values);
            }
        });
        answer.withBody(response.body());
        List<String> problems = new ArrayList<>(format("answer " + status,
                validator.validateResponse(pathOnly, Request.Method.valueOf(method), answer.build())));
        JsonNode responseObject = resolve(document.at(operation + "/responses/" + status));
        if (responseObject.isObject() && problems.isEmpty()) {
            problems.addAll(bodyProblems("answer " + status + " body", pointerOf(responseObject, operation + "/responses/" + status),
                    response.headers().firstValue("Content-Type").orElse(null), response.body()));
        }
        if (!requestProblems.isEmpty() && (status < 400 || status >= 500)) {
            problems.add("the document refuses this request (" + String.join("; ", requestProblems) + ") but the runner answered " + status);
        }
        return problems;
    }

    /** A JSON body against the schema of the media type it was sent as, under a request body or response object. */
    private static List<String> bodyProblems(String what, String owner, String contentType, String body) {
        if (contentType == null) {
            return List.of();
        }
        String media = contentType.split(";")[0].trim().toLowerCase();
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            return List.of();
        }
        String pointer = owner + "/content/" + escape(media) + "/schema";
        if (!document.at(pointer).isObject()) {
            return List.of(); // the media type itself is checked by the Atlassian validator
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            // no JSON instance to check: a request body the runner may still read tolerantly (its description says
            // how) or refuse; an answer must always be JSON
            return what.startsWith("request") ? List.of() : List.of(what + ": not JSON");
        }
        if (json == null) {
            return what.startsWith("request") ? List.of() : List.of(what + ": empty");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(DOCUMENT.toAbsolutePath().toUri() + "#" + p)));
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(json)) {
            problems.add(what + ": " + m.getMessage());
        }
        return problems;
    }

    /** A response object given as {@code $ref} to components/responses: the one it names. */
    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static String pointerOf(JsonNode resolved, String inline) {
        JsonNode atInline = document.at(inline);
        return atInline.has("$ref") ? atInline.get("$ref").asText().substring(1) : inline;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> format(String what, ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> what + ": " + m.getKey() + " " + m.getMessage().replaceAll("\\s+", " "))
                .toList();
    }
}
