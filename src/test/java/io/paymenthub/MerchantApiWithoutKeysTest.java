package io.paymenthub;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With api.keys empty the merchant API refuses every call, and one start line says so; the webhooks work as before. */
class MerchantApiWithoutKeysTest extends RunnerTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("api.keys", "");
    }

    @Test
    void everyMerchantCallIsAnswered401EvenWithAKeyAndTheStartLogSaysWhy() throws Exception {
        for (String path : new String[] {"/api/v1/pago-movil/verifications", "/api/v1/bamboo/purchases", "/api/v1/luka/pago-movil"}) {
            HttpResponse<String> answer = post(path, "application/json", API_AUTHORIZATION, "{}".getBytes(StandardCharsets.UTF_8));

            assertEquals(401, answer.statusCode(), path);
            assertEquals("The merchant API has no key configured (api.keys); every call is refused",
                    new ObjectMapper().readTree(answer.body()).path("message").asText());
        }
        String log = Files.readString(Path.of("target", "test-logs", "tests.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("api.keys is empty: the merchant API (/api/v1/**) answers 401 to every request until a key is set"));
        assertEquals(200, postWebhook(io.paymenthub.support.BancamigaSamples.notification(
                io.paymenthub.support.BancamigaSamples.nextReference())).statusCode());
    }
}
