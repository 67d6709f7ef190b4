package io.paymenthub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import io.paymenthub.support.SecretsNotLogged;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook with the right token, one with a wrong token and one that is not JSON: neither token, nor any other
 * secret of the suite, reaches a log line, and the startup summary masks the token. The same search runs after every
 * other test class, whatever the order (support.SecretsNotLogged), so nothing here depends on running last.
 */
class SecretsNotLoggedTest extends RunnerTestSupport {

    private static final String PRESENTED_WRONG_TOKEN = "test-presented-wrong-token-91c2f0";

    @Test
    void noSecretOrCredentialReachesAnyLogLine() throws Exception {
        Secrets.remember(PRESENTED_WRONG_TOKEN);
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, body).statusCode());
        assertEquals(401, post("/webhooks/bancamiga", "application/json", "Bearer " + PRESENTED_WRONG_TOKEN, body).statusCode());
        assertEquals(400, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, "{".getBytes()).statusCode());

        assertTrue(Files.exists(SecretsNotLogged.LOG), "the suite writes its log to " + SecretsNotLogged.LOG);
        assertTrue(Files.readString(SecretsNotLogged.LOG, StandardCharsets.UTF_8).contains("bancamiga.webhook.token = xxxxxx"),
                "the startup summary masks the token");
        assertEquals(List.of(), SecretsNotLogged.findings());
    }
}
