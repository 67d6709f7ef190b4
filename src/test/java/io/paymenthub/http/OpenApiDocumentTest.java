package io.paymenthub.http;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.paymenthub.support.OpenApiContract;
import io.paymenthub.support.RunnerTestSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /openapi.yaml serves the document in the repository, and that document is a valid OpenAPI 3.1 description. */
class OpenApiDocumentTest extends RunnerTestSupport {

    @Test
    void theBusinessPortServesTheRepositorysDocumentAsYaml() throws Exception {
        HttpResponse<String> answer = get(httpPort, "/openapi.yaml");

        assertEquals(200, answer.statusCode());
        assertEquals("application/yaml", answer.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Files.readString(OpenApiContract.DOCUMENT, StandardCharsets.UTF_8), answer.body());
    }

    @Test
    void theDocumentIsValidOpenApi31DescribingEveryBusinessPath() throws Exception {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(
                Files.readString(OpenApiContract.DOCUMENT, StandardCharsets.UTF_8), null, null);

        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
        assertEquals(java.util.Set.of("/webhooks/bancamiga", "/webhooks/bamboo", "/webhooks/luka", "/api/v1/pago-movil/verifications",
                "/api/v1/bamboo/purchases", "/api/v1/luka/pago-movil", "/openapi.yaml"), parsed.getOpenAPI().getPaths().keySet());
    }
}
