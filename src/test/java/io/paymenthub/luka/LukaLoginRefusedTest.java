package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.support.LukaTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Luka refuses our credentials: each registration is a clear 502, and readiness says why. */
class LukaLoginRefusedTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startWithOtherCredentials();

    private static LukaSimulator startWithOtherCredentials() {
        LukaSimulator simulator = new LukaSimulator(LUKA_USER, "the-password-luka-expects");
        simulator.start();
        return simulator;
    }

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of("luka.deferred.poll.cron", "0 0 0 1 1 ? 2099");
    }

    @Test
    void aRefusedLoginIs502SayingWhichSettingsToCheckAndReadinessIsDown() throws Exception {
        HttpResponse<String> response = register(registration(reference('0')));

        assertEquals(502, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        String message = body.path("message").asText();
        assertTrue(message.contains("Luka login refused") && message.contains("luka.password"), message);
        assertEquals(0, LUKA.movpayCalls(), "nothing is sent without a session");
        assertEquals(502, register(registration(reference('0'))).statusCode(), "the next call tries to log in again");

        HttpResponse<String> health = get(managementPort, "/observe/health");
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("Luka login fails"), health.body());
    }
}
