package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.sandbox.LukaSimulator.Fault;
import io.paymenthub.support.LogLines;
import io.paymenthub.support.LukaTestSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Luka outage on POST /api/v1/luka/pago-movil from its first failure to its end: repeated 5xx open the breaker, an
 * open breaker does not call Luka, the breaker closes when Luka answers again, and the whole outage is one warning.
 * A runner of its own, so no other test's 502 within the quiet period (30 s) takes the incident's line.
 */
class LukaOutageWarningTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator();

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of(
                // the failed registrations are not checked during this test: only the merchant's calls reach Luka
                "luka.deferred.pending-after", "10m",
                "luka.response-timeout-ms", "1000",
                "luka.circuit.open-seconds", "3");
    }

    @Test
    void repeated5xxOpenTheBreakerWhichClosesWhenLukaAnswersAgainAndTheOutageIsOneWarning() throws Exception {
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.SERVER_ERROR, 4);
        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> answer;
            int failures = 0;
            do {
                answer = register(registration(reference('0')));
                failures++;
            } while (!answer.body().contains("paused") && failures < 10);
            int callsWhileOpen = LUKA.movpayCalls();
            HttpResponse<String> whileOpen = register(registration(reference('0')));

            assertEquals(502, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("calls to it are paused"), "the breaker opened after " + failures + " failures: " + answer.body());
            assertEquals(502, whileOpen.statusCode(), whileOpen.body());
            assertEquals(callsWhileOpen, LUKA.movpayCalls(), "an open breaker does not call Luka");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> register(registration(reference('0'))).statusCode() == 200);
            assertEquals(1, log.warnings("luka-pago-movil answered 502").size(), "one warning: " + log.warnings("luka"));
        }
    }
}
