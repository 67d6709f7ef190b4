package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without Luka credentials the flow is off and says so: 503 with what to set, webhooks refused, no poller. */
class LukaOffTest extends RunnerTestSupport {

    @Test
    void withoutCredentialsRegistrationsAre503SayingWhatToSetAndTheWebhookRefusesEveryCall() throws Exception {
        HttpResponse<String> response = post("/api/v1/luka/pago-movil", "application/json", API_AUTHORIZATION,
                LukaTestSupport.registration("30867220134").getBytes(StandardCharsets.UTF_8));

        assertEquals(503, response.statusCode(), response.body());
        String message = new ObjectMapper().readTree(response.body()).path("message").asText();
        assertTrue(message.contains("luka.username, luka.password") && message.contains("sandbox.enabled=true"), message);
        HttpResponse<String> webhook = post("/webhooks/luka", "application/json", "Bearer anything",
                "{\"transaccionId\":1,\"exitoso\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, webhook.statusCode());
        assertTrue(webhook.body().contains("no token configured"), webhook.body());
        assertTrue(context.getRouteController().getRouteStatus("luka-deferred-poller").isStopped());
        assertFalse(get(managementPort, "/observe/health").body().contains("\"luka\""), "no Luka readiness while it is off");
    }
}
