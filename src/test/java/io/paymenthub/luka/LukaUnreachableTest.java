package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.util.Map;

import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.LogLines;
import io.paymenthub.support.LukaTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Luka's host refuses connections (nothing listens on luka.base-url): the merchant gets a 5xx with a message in
 * words (no exception class, host or port), and the outage is one warning in the log, not one per registration.
 */
class LukaUnreachableTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator();
    private static final int CLOSED_PORT = FreePorts.refusing();

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of("luka.base-url", "http://127.0.0.1:" + CLOSED_PORT, "luka.deferred.pending-after", "10m");
    }

    @Test
    void refusedConnectionsAnswerA5xxSayingLukaRefusedTheConnectionAndLogOneWarning() throws Exception {
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> answer = register(registration(reference('0')));
                assertTrue(answer.statusCode() == 502 || answer.statusCode() == 503, answer.statusCode() + " " + answer.body());
                assertTrue(answer.body().contains("its host refused the connection")
                        || answer.body().contains("calls to it are paused"), answer.body());
                assertTrue(!answer.body().contains("Exception") && !answer.body().contains(Integer.toString(CLOSED_PORT)),
                        answer.body());
            }
            assertEquals(1, log.warnings("Luka login failed").size(), "8 refused registrations, one login warning: " + log.warnings(""));
        }
    }
}
