package io.paymenthub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs last (see junit-platform.properties): reads everything the suite logged, startup summaries
 * included, and fails if a configured secret or a presented credential appears in it.
 */
@Order(Integer.MAX_VALUE)
class SecretsNotLoggedTest extends RunnerTestSupport {

    private static final String PRESENTED_WRONG_TOKEN = "test-presented-wrong-token-91c2f0";

    @Test
    void noSecretOrCredentialReachesAnyLogLine() throws Exception {
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, body).statusCode());
        assertEquals(401, post("/webhooks/bancamiga", "application/json", "Bearer " + PRESENTED_WRONG_TOKEN, body).statusCode());
        assertEquals(400, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, "{".getBytes()).statusCode());

        Path log = Path.of("target", "test-logs", "tests.log");
        assertTrue(Files.exists(log), "the suite writes its log to " + log);
        String everything = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(everything.contains("bancamiga.webhook.token = xxxxxx"), "the startup summary masks the token");
        List<String> secrets = new java.util.ArrayList<>(List.of(WEBHOOK_TOKEN, DB_PASSWORD, OPS_PASSWORD, PRESENTED_WRONG_TOKEN,
                Pago46TestSupport.PAGO46_SECRET, API_KEY, NEXT_API_KEY));
        secrets.addAll(Secrets.all());
        for (String secret : secrets) {
            assertFalse(everything.contains(secret), "a log line contains the secret " + secret.substring(0, 8) + "…");
        }
    }
}
